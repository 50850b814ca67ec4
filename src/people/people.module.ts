import { Module } from '@nestjs/common';
import { OrgUnitsModule } from '../org-units/org-units.module';
import { PeopleResolver } from './people.resolver';
import { PeopleService } from './people.service';

@Module({ imports: [OrgUnitsModule], providers: [PeopleService, PeopleResolver], exports: [PeopleService] })
export class PeopleModule {}
