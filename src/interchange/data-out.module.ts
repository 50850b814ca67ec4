import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { MeetingsModule } from '../meetings/meetings.module';
import { OrgUnitsModule } from '../org-units/org-units.module';
import { PeopleModule } from '../people/people.module';
import { PositionsModule } from '../positions/positions.module';
import { TerritoriesModule } from '../territories/territories.module';
import { CalendarService } from './calendar/calendar.service';
import { ExportService } from './export/export.service';
import { PopoloImportService } from './popolo/popolo-import.service';
import { PopoloService } from './popolo/popolo.service';

/** Data out of the registry (CSV, XLSX, Popolo, iCalendar) and Popolo in: the doors are in data-out.routes. */
@Module({
  imports: [AccountsModule, OrgUnitsModule, PeopleModule, PositionsModule, MeetingsModule, TerritoriesModule],
  providers: [ExportService, PopoloService, PopoloImportService, CalendarService],
  exports: [ExportService, PopoloService, PopoloImportService, CalendarService],
})
export class DataOutModule {}
