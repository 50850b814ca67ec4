import { Module } from '@nestjs/common';
import { TerritoriesResolver } from './territories.resolver';
import { TerritoriesService } from './territories.service';

@Module({ providers: [TerritoriesService, TerritoriesResolver], exports: [TerritoriesService] })
export class TerritoriesModule {}
