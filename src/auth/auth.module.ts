import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PeopleModule } from '../people/people.module';
import { AccessService } from './access.service';
import { AccountsService } from './accounts.service';
import { AuthGuard } from './auth.guard';
import {
  AccessBindingResolver,
  ApiTokenResolver,
  AuthResolver,
  GrantResolver,
  MeResolver,
} from './auth.resolver';
import { AuthService } from './auth.service';

@Global()
@Module({
  imports: [PeopleModule],
  providers: [
    AuthService,
    AccessService,
    AccountsService,
    AuthResolver,
    MeResolver,
    GrantResolver,
    AccessBindingResolver,
    ApiTokenResolver,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AuthService],
})
export class AuthModule {}
