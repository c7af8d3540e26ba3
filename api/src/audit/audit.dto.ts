import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsEnum, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQuery } from '../common/pagination.dto';
import { AuditAction } from './audit-action';

export class AuditQuery extends PageQuery {
  @ApiPropertyOptional({ enum: AuditAction, enumName: 'AuditAction', description: 'Only this action' })
  @IsOptional()
  @IsEnum(AuditAction, { message: 'action harus salah satu tindakan yang dicatat log audit, misalnya auth.login.' })
  action?: AuditAction;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only acts of this account' })
  @IsOptional()
  @IsUUID('all', { message: 'actorId harus berupa UUID.' })
  actorId?: string;

  @ApiPropertyOptional({ example: 'user' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  targetType?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(64)
  targetId?: string;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'From this moment (inclusive)' })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'from harus berupa tanggal, misalnya 2026-01-31.' })
  from?: Date;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Before this moment' })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'to harus berupa tanggal, misalnya 2026-01-31.' })
  to?: Date;
}

export class AuditEntryDto {
  @ApiProperty() id: string;
  @ApiProperty({ type: String, format: 'date-time' }) at: Date;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) actorId: string | null;
  @ApiProperty({ type: String, nullable: true }) actorName: string | null;
  @ApiProperty({ type: String, nullable: true }) actorRole: string | null;
  @ApiProperty({ enum: AuditAction, enumName: 'AuditAction' }) action: AuditAction;
  @ApiProperty({ type: String, nullable: true, example: 'user' }) targetType: string | null;
  @ApiProperty({ type: String, nullable: true }) targetId: string | null;
  @ApiProperty({ type: String, nullable: true, example: '32.72' }) regionCode: string | null;
  @ApiProperty({ type: String, nullable: true }) ip: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) details: Record<string, unknown>;
}

export class AuditPageDto {
  @ApiProperty({ type: [AuditEntryDto] }) items: AuditEntryDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}
