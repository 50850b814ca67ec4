import { DynamicModule, Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { createLiveEmitter } from './live-emitter';
import { LiveResolver } from './live.resolver';
import { LIVE_EMITTER, LiveService } from './live.service';

/** Live updates: the `registryChanged` subscription and the `changes` feed. */
@Module({})
export class LiveModule {
  static forRoot(options: { redisUrl?: string }): DynamicModule {
    return {
      module: LiveModule,
      global: true,
      imports: [AccountsModule],
      providers: [
        { provide: LIVE_EMITTER, useFactory: () => createLiveEmitter(options.redisUrl) },
        LiveService,
        LiveResolver,
      ],
      exports: [LiveService],
    };
  }
}
