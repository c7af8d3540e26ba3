import { ApiProperty } from '@nestjs/swagger';
import { IsEnum, IsString, Matches, MaxLength } from 'class-validator';
import { OptionalEmailField, PersonNameField, PhoneField } from '../common/person-fields';
import { Pillar } from '../common/pillar';
import { REGION_CODE, REGION_CODE_MESSAGE } from '../regions/regions.dto';
import { UserDto } from '../users/user.dto';

export class LoginDto {
  @PhoneField('0812-3456-7890', 'Phone in any common form')
  phone: string;

  @ApiProperty({ example: 'kata sandi rahasia' })
  @IsString({ message: 'Kata sandi wajib diisi.' })
  @MaxLength(200)
  password: string;
}

export class ActivateDto {
  @PhoneField()
  phone: string;

  @ApiProperty({ example: 'K7PM-3QXA', description: 'The 8-character code from the Dinsos (case, spaces and dashes ignored)' })
  @IsString({ message: 'Kode aktivasi wajib diisi.' })
  @MaxLength(20)
  code: string;

  @ApiProperty({ description: 'The new password: at least 10 characters, not a common or guessable one (repeated character, programme word with digits, own phone number)' })
  @IsString({ message: 'Kata sandi wajib diisi.' })
  @MaxLength(200)
  password: string;
}

export class RegisterDto {
  @PersonNameField('Ni Luh Putu Ayu')
  name: string;

  @PhoneField()
  phone: string;

  @ApiProperty({ enum: Pillar, enumName: 'Pillar' })
  @IsEnum(Pillar, { message: `Pilar harus salah satu dari: ${Object.values(Pillar).join(', ')}.` })
  pillar: Pillar;

  @ApiProperty({ example: '32.72.03', description: 'A kecamatan or kabupaten/kota code' })
  @Matches(REGION_CODE, { message: REGION_CODE_MESSAGE })
  regionCode: string;

  @ApiProperty()
  @IsString({ message: 'Kata sandi wajib diisi.' })
  @MaxLength(200)
  password: string;

  @OptionalEmailField('ayu@example.com')
  email?: string;
}

export class AuthResponseDto {
  @ApiProperty({ description: 'The session token: send it as `Authorization: Bearer <token>` (the cookie bimtek_session, __Host-bimtek_session in production, is set too)' })
  token: string;

  @ApiProperty({ type: String, format: 'date-time' })
  expiresAt: Date;

  @ApiProperty({ type: UserDto })
  user: UserDto;
}

export class RegisteredDto {
  @ApiProperty({ example: 'PENDING' }) status: string;
  @ApiProperty() message: string;
}

export class SessionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Chrome di Android' }) device: string;
  @ApiProperty({ type: String, nullable: true }) userAgent: string | null;
  @ApiProperty({ type: String, nullable: true }) ip: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) lastSeenAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) expiresAt: Date;
  @ApiProperty({ description: 'The session of this request' }) current: boolean;
}

export class RevokedDto {
  @ApiProperty({ description: 'How many sessions were ended' }) revoked: number;
}

export class ChangePasswordDto {
  @ApiProperty()
  @IsString({ message: 'Kata sandi lama wajib diisi.' })
  @MaxLength(200)
  currentPassword: string;

  @ApiProperty({ description: 'At least 10 characters, not a common or guessable one (repeated character, programme word with digits, own phone number)' })
  @IsString({ message: 'Kata sandi baru wajib diisi.' })
  @MaxLength(200)
  newPassword: string;
}
