import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsEnum, IsIn, IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { SafeEmail, SafeText } from '../common/person-fields';
import { Pillar } from '../common/pillar';
import { PageQuery } from '../common/pagination.dto';
import { REGION_CODE, REGION_CODE_MESSAGE, WORKER_REGION_CODE, WORKER_REGION_CODE_MESSAGE } from '../regions/regions.dto';
import { UserDto } from './user.dto';
import { UserStatus } from './user-status';

const PILLAR_MESSAGE = `Pilar harus salah satu dari: ${Object.values(Pillar).join(', ')}.`;

export class WorkerFilterQuery {
  @ApiPropertyOptional({ enum: Pillar, enumName: 'Pillar' })
  @IsOptional()
  @IsEnum(Pillar, { message: PILLAR_MESSAGE })
  pillar?: Pillar;

  @ApiPropertyOptional({ example: '32.72.03', description: 'This region and everything under it (within your scope)' })
  @IsOptional()
  @Matches(REGION_CODE, { message: REGION_CODE_MESSAGE })
  region?: string;

  @ApiPropertyOptional({ enum: UserStatus, enumName: 'UserStatus' })
  @IsOptional()
  @IsEnum(UserStatus, { message: `Status harus salah satu dari: ${Object.values(UserStatus).join(', ')}.` })
  status?: UserStatus;

  @ApiPropertyOptional({ description: 'Part of the name, or of the phone number (at least 4 digits)' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}

/** Filters plus `page` and `pageSize`. */
export class WorkerListQuery extends IntersectionType(PageQuery, WorkerFilterQuery) {}

export class WorkerExportQuery extends WorkerFilterQuery {}

export class ActivationCodesQuery extends WorkerFilterQuery {
  @ApiPropertyOptional({ enum: ['json', 'xlsx'], default: 'json' })
  @IsOptional()
  @IsIn(['json', 'xlsx'], { message: 'format harus json atau xlsx.' })
  format?: 'json' | 'xlsx';
}

export class WorkerPageDto {
  @ApiProperty({ type: [UserDto] }) items: UserDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class UpdateWorkerDto {
  @ApiPropertyOptional({ example: 'Ni Luh Putu Ayu' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  name?: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'ayu@example.com' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @MaxLength(200)
  @SafeText()
  @SafeEmail()
  email?: string | null;

  @ApiPropertyOptional({ enum: Pillar, enumName: 'Pillar' })
  @IsOptional()
  @IsEnum(Pillar, { message: PILLAR_MESSAGE })
  pillar?: Pillar;

  @ApiPropertyOptional({ example: '32.72.03', description: 'A desa, kecamatan or kabupaten/kota within your scope' })
  @IsOptional()
  @Matches(WORKER_REGION_CODE, { message: WORKER_REGION_CODE_MESSAGE })
  regionCode?: string;
}

export class ActivationCodeDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ example: '+6281234567890' }) phone: string;
  @ApiProperty({ type: String, nullable: true }) regionCode: string | null;
  @ApiProperty({ example: 'K7PM3QXA', description: 'Shown once: only its hash is kept' }) code: string;
  @ApiProperty({ type: String, format: 'date-time' }) expiresAt: Date;
}

export class ActivationCodeListDto {
  @ApiProperty({ type: [ActivationCodeDto] }) items: ActivationCodeDto[];
  @ApiProperty() total: number;
}
