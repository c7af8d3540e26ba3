import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Role } from '../auth/policy.decorator';
import { Pillar } from '../common/pillar';
import { UserStatus } from './user-status';
import type { UserRow } from './users.repository';

/** An account as the API shows it: never a password hash, NIK hash or activation code. */
export class UserDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Ni Luh Putu Ayu' }) name: string;
  @ApiProperty({ example: '+6281234567890' }) phone: string;
  @ApiProperty({ type: String, nullable: true }) email: string | null;
  @ApiProperty({ enum: Role, enumName: 'Role' }) role: Role;
  @ApiProperty({ enum: Pillar, enumName: 'Pillar', nullable: true }) pillar: Pillar | null;
  @ApiProperty({ type: String, nullable: true, example: '32.72.03' }) regionCode: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Citamiang' }) regionName: string | null;
  @ApiProperty({ enum: UserStatus, enumName: 'UserStatus' }) status: UserStatus;
  @ApiProperty({ type: String, nullable: true, example: '0001', description: 'Last four digits of the NIK' }) nikLast4: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) activatedAt: Date | null;
}

/** An account row with the name of its region (from the regions domain). */
export function toUserDto(row: UserRow, regionName: string | null): UserDto {
  return {
    id: row.id,
    name: row.name,
    phone: row.phone,
    email: row.email,
    role: row.role,
    pillar: row.pillar,
    regionCode: row.region_code,
    regionName,
    status: row.status,
    nikLast4: row.nik_last4,
    createdAt: row.created_at,
    activatedAt: row.activated_at,
  };
}
