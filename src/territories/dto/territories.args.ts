import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsIn, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { PageArgs } from '../../common/pagination';
import { COMMUNE_KINDS, CommuneKind, TERRITORY_KINDS, TerritoryKind } from '../territory.entity';
import { CommuneKindEnum, TerritoryKindEnum } from '../territory.model';

@InputType({ description: 'Narrows a list of territories; all conditions must hold.' })
export class TerritoryFilterInput {
  @Field(() => TerritoryKindEnum, { nullable: true, description: 'Only territories of this kind.' })
  @IsOptional()
  @IsIn(TERRITORY_KINDS)
  kind?: TerritoryKind;

  @Field(() => CommuneKindEnum, {
    nullable: true,
    description: 'Only communes of this kind (urban or rural).',
  })
  @IsOptional()
  @IsIn(COMMUNE_KINDS)
  communeKind?: CommuneKind;

  @Field(() => ID, { nullable: true, description: 'Only this territory and what lies inside it.' })
  @IsOptional()
  @IsString()
  under?: string;

  @Field({ nullable: true, description: 'Any spelling of a name, Arabic or Latin, whole or partial.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  search?: string;
}

@ArgsType()
export class TerritoriesArgs extends PageArgs {
  @Field(() => TerritoryFilterInput, { nullable: true, description: 'Which territories; omitted = all.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => TerritoryFilterInput)
  filter?: TerritoryFilterInput;
}

@ArgsType()
export class TerritoryArgs {
  @Field(() => ID, { nullable: true, description: 'The territory’s id (or give code).' })
  @IsOptional()
  @IsString()
  id?: string;
  @Field({ nullable: true, description: 'ISO (MA-TNG) or HCP (01.511.01.03) code.' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  code?: string;
}
