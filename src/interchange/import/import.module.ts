import { Module } from '@nestjs/common';
import { ImportService } from './import.service';

/** Imports of a party's existing lists; its door is `POST /import` (import.routes.ts) and `npm run import`. */
@Module({ providers: [ImportService], exports: [ImportService] })
export class ImportModule {}
