import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard } from './auth.guard';

/** The guard every query and mutation passes: it needs no feature, only what each operation declares. */
@Module({ providers: [{ provide: APP_GUARD, useClass: AuthGuard }] })
export class AccessModule {}
