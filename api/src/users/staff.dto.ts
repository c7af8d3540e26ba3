import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsIn, IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { OptionalEmailField, PersonNameField, PhoneField } from '../common/person-fields';
import { Role } from '../auth/policy.decorator';
import { Pillar } from '../common/pillar';
import { PageQuery } from '../common/pagination.dto';
import { REGION_CODE, REGION_CODE_MESSAGE } from '../regions/regions.dto';
import { UserDto } from './user.dto';

export const STAFF_ROLES = [Role.PELATIH, Role.ADMIN_DINSOS, Role.ADMIN_PUSAT] as const;

export class StaffListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: STAFF_ROLES, enumName: 'StaffRole' })
  @IsOptional()
  @IsIn(STAFF_ROLES, { message: `role harus salah satu dari: ${STAFF_ROLES.join(', ')}.` })
  role?: Role;

  @ApiPropertyOptional({ description: 'Part of the name, or of the phone number' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}

export class CreateStaffDto {
  @PersonNameField('Dra. Euis Komariah')
  name: string;

  @PhoneField()
  phone: string;

  @ApiProperty({ enum: STAFF_ROLES, enumName: 'StaffRole' })
  @IsIn(STAFF_ROLES, { message: `Peran harus salah satu dari: ${STAFF_ROLES.join(', ')}.` })
  role: Role;

  @ApiPropertyOptional({ type: String, nullable: true, example: '32.72', description: 'Required for ADMIN_DINSOS (province or kabupaten/kota); optional for PELATIH; none for ADMIN_PUSAT' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @Matches(REGION_CODE, { message: REGION_CODE_MESSAGE })
  regionCode?: string | null;

  @OptionalEmailField('euis@dinsos.example.go.id')
  email?: string;
}

export class ChangeRoleDto {
  @ApiProperty({ enum: Role, enumName: 'Role' })
  @IsEnum(Role, { message: `Peran harus salah satu dari: ${Object.values(Role).join(', ')}.` })
  role: Role;

  @ApiPropertyOptional({ type: String, nullable: true, example: '32.72' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @Matches(REGION_CODE, { message: REGION_CODE_MESSAGE })
  regionCode?: string | null;

  @ApiPropertyOptional({ enum: Pillar, enumName: 'Pillar', description: 'Required when the new role is PESERTA' })
  @IsOptional()
  @IsEnum(Pillar, { message: `Pilar harus salah satu dari: ${Object.values(Pillar).join(', ')}.` })
  pillar?: Pillar;
}

export class StaffPageDto {
  @ApiProperty({ type: [UserDto] }) items: UserDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class CreatedStaffDto {
  @ApiProperty({ type: UserDto }) user: UserDto;
  @ApiProperty({ example: 'K7PM3QXA', description: 'Activation code to hand over; shown once' }) code: string;
  @ApiProperty({ type: String, format: 'date-time' }) expiresAt: Date;
}
