import { DynamicModule, Global, Module } from '@nestjs/common';
import { ConfirmationPolicy } from '../common/confirmation';

/** The settings features read at run time (from the validated environment), for every module. */
@Global()
@Module({})
export class PolicyModule {
  static forRoot(confirmation: ConfirmationPolicy): DynamicModule {
    return {
      module: PolicyModule,
      providers: [{ provide: ConfirmationPolicy, useValue: confirmation }],
      exports: [ConfirmationPolicy],
    };
  }
}
