import { Module } from '@nestjs/common';
import { PeopleModule } from '../people/people.module';
import { AccessService } from './access.service';
import { AccountsService } from './accounts.service';
import {
  AccessBindingResolver,
  ApiTokenResolver,
  AuthResolver,
  GrantResolver,
  MeResolver,
} from './auth.resolver';
import { AuthService } from './auth.service';

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
  ],
  exports: [AuthService],
})
export class AccountsModule {}
