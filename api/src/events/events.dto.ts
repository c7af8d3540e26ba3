import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsEnum,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { PageQuery } from '../common/pagination.dto';
import { SafeText } from '../common/person-fields';
import { Pillar } from '../common/pillar';
import { CheckinMethod } from './entities/event-checkin.entity';
import { ParticipantStatus } from './entities/event-participant.entity';

const REGION_CODE = /^\d{2}(\.\d{2}(\.\d{2})?)?$/;
const REGION_MESSAGE = 'Kode wilayah tidak valid: gunakan format Kemendagri, misalnya 32, 32.72 atau 32.72.03.';
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const TIME_MESSAGE = 'Jam tidak valid: gunakan HH:MM (00:00–23:59), waktu setempat.';
const SLUG = /^[a-z0-9][a-z0-9-]{0,79}$/;
export const MAX_DAYS = 14;

export class AgendaItemInput {
  @ApiProperty({ example: '08:00' })
  @Matches(TIME, { message: TIME_MESSAGE })
  start: string;

  @ApiProperty({ example: '09:30' })
  @Matches(TIME, { message: TIME_MESSAGE })
  end: string;

  @ApiProperty({ example: 'Pengantar Program Keluarga Harapan', maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title: string;

  @ApiProperty({ enum: ['learning', 'break', 'test'] })
  @IsIn(['learning', 'break', 'test'], { message: 'Jenis agenda: learning, break atau test.' })
  kind: 'learning' | 'break' | 'test';

  @ApiPropertyOptional({ description: 'Slug of the course taught or tested in this slot', example: 'dasar-tksk' })
  @IsOptional()
  @Matches(SLUG, { message: 'Kursus tidak valid.' })
  course?: string;

  @ApiPropertyOptional({ enum: ['pretest', 'posttest'] })
  @IsOptional()
  @IsIn(['pretest', 'posttest'], { message: 'Tes: pretest atau posttest.' })
  test?: 'pretest' | 'posttest';
}

export class EventDayInput {
  @ApiProperty({ example: '2026-12-14', description: 'Local date of the day' })
  @Matches(DATE, { message: 'Tanggal tidak valid: gunakan YYYY-MM-DD.' })
  date: string;

  @ApiProperty({ example: '08:00', description: 'Local start (the event’s zone)' })
  @Matches(TIME, { message: TIME_MESSAGE })
  start: string;

  @ApiProperty({ example: '16:00' })
  @Matches(TIME, { message: TIME_MESSAGE })
  end: string;

  @ApiPropertyOptional({ type: [AgendaItemInput] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(40)
  @ValidateNested({ each: true })
  @Type(() => AgendaItemInput)
  agenda?: AgendaItemInput[];
}

export class CreateEventRequest {
  @ApiProperty({ example: 'Bimtek TKSK Kota Sukabumi', maxLength: 200 })
  @IsString()
  @MinLength(3)
  @MaxLength(200)
  title: string;

  @ApiProperty({ example: '32.72', description: 'Organising region (a province or kabupaten/kota); its province sets the time zone' })
  @Matches(REGION_CODE, { message: REGION_MESSAGE })
  regionCode: string;

  @ApiProperty({ example: 'Aula Dinas Sosial Kota Sukabumi', maxLength: 300 })
  @IsString()
  @MinLength(3)
  @MaxLength(300)
  venue: string;

  @ApiProperty({ type: [EventDayInput], minItems: 1, maxItems: MAX_DAYS })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_DAYS)
  @ValidateNested({ each: true })
  @Type(() => EventDayInput)
  days: EventDayInput[];

  @ApiPropertyOptional({ description: 'Slug of the linked course', example: 'dasar-tksk' })
  @IsOptional()
  @Matches(SLUG, { message: 'Kursus tidak valid.' })
  course?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 10000 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10000)
  capacity?: number;

  @ApiPropertyOptional({ enum: Pillar, enumName: 'Pillar', isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(6)
  @ArrayUnique()
  @IsEnum(Pillar, { each: true, message: 'Pilar tidak dikenal.' })
  pillars?: Pillar[];

  @ApiPropertyOptional({ description: 'Further trainers (PELATIH of the region); the creator is one when a PELATIH', type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsUUID('all', { each: true, message: 'Pelatih tidak valid.' })
  trainerIds?: string[];
}

export class CreatedEventDto {
  @ApiProperty({ format: 'uuid' })
  id: string;
}

export class AgendaItemDto {
  @ApiProperty() start: string;
  @ApiProperty() end: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: ['learning', 'break', 'test'] }) kind: string;
  @ApiPropertyOptional() course?: string;
  @ApiPropertyOptional({ enum: ['pretest', 'posttest'] }) test?: string;
}

export class EventDayDto {
  @ApiProperty({ example: 1 }) day: number;
  @ApiProperty({ example: '2026-12-14' }) date: string;
  @ApiProperty({ example: '08:00', description: 'Local time in the event’s zone' }) start: string;
  @ApiProperty({ example: '16:00' }) end: string;
  @ApiProperty({ description: 'UTC instant' }) startsAt: Date;
  @ApiProperty() endsAt: Date;
  @ApiProperty({ type: [AgendaItemDto] }) agenda: AgendaItemDto[];
  @ApiProperty() learningMinutes: number;
  @ApiProperty({ description: 'JP of the day alone, by the rule of decision record 020' }) jp: number;
}

export class EventDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty() regionCode: string;
  @ApiProperty() regionName: string;
  @ApiProperty() venue: string;
  @ApiProperty({ example: 'Asia/Jakarta' }) timeZone: string;
  @ApiProperty({ example: 'WIB', enum: ['WIB', 'WITA', 'WIT'] }) zone: string;
  @ApiPropertyOptional({ nullable: true, type: String }) courseId: string | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) capacity: number | null;
  @ApiProperty({ enum: Pillar, enumName: 'Pillar', isArray: true }) pillars: Pillar[];
  @ApiProperty({ type: [String] }) trainerIds: string[];
  @ApiProperty({ type: [EventDayDto] }) days: EventDayDto[];
  @ApiProperty({ description: 'Learning minutes of the whole agenda' }) learningMinutes: number;
  @ApiProperty({ description: 'JP of the whole agenda (learning minutes / 45, rounded down to a half)' }) jp: number;
  @ApiProperty() invited: number;
  @ApiProperty() waitlisted: number;
  @ApiPropertyOptional({ nullable: true, type: Date, description: 'When it was closed (attendance frozen)' }) closedAt: Date | null;
  @ApiPropertyOptional({ nullable: true, type: Date, description: 'When it was cancelled (nothing more can be recorded on it)' }) cancelledAt: Date | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Why it was cancelled, as the participants read it' }) cancelReason: string | null;
  @ApiPropertyOptional({ nullable: true, enum: ['pretest', 'posttest'], description: 'The test the trainer opened for the room' }) openTest: 'pretest' | 'posttest' | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Slug of the course whose tests the agenda runs (its test items’ course)' }) testCourse: string | null;
}

export class EventPageDto {
  @ApiProperty({ type: [EventDto] }) items: EventDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class EventListQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Only events of this region and below (inside your scope)', example: '32.72' })
  @IsOptional()
  @Matches(REGION_CODE, { message: REGION_MESSAGE })
  region?: string;
}

export class InviteRequest {
  @ApiPropertyOptional({ type: [String], maxItems: 1000 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @ArrayUnique()
  @IsUUID('all', { each: true, message: 'Peserta tidak valid.' })
  workerIds?: string[];

  @ApiPropertyOptional({ enum: Pillar, enumName: 'Pillar' })
  @IsOptional()
  @IsEnum(Pillar, { message: 'Pilar tidak dikenal.' })
  pillar?: Pillar;

  @ApiPropertyOptional({ example: '32.72.03' })
  @IsOptional()
  @Matches(REGION_CODE, { message: REGION_MESSAGE })
  regionCode?: string;
}

export class InviteResultDto {
  @ApiProperty({ description: 'Newly invited (within capacity)' }) invited: number;
  @ApiProperty({ description: 'Already on the roster, left as they were' }) alreadyInvited: number;
  @ApiProperty({ description: 'Newly put on the waiting list (past capacity)' }) waitlisted: number;
}

export class CheckinCodeDto {
  @ApiProperty({ example: 'A7KQ2M', description: 'Six characters to type; changes every 30 seconds' }) code: string;
  @ApiProperty({ description: 'The check-in URL for the QR code' }) url: string;
  @ApiProperty({ description: 'When the next code replaces it (this one is still accepted 30 seconds more)' }) expiresAt: Date;
  @ApiProperty() day: number;
  @ApiProperty({ example: 'WIT' }) zone: string;
  @ApiProperty({ description: 'The check-in URL as an SVG QR code' }) qrSvg: string;
}

export class CheckinRequest {
  @ApiPropertyOptional({ description: 'The rotating code (participant)', example: 'A7KQ2M' })
  @IsOptional()
  @IsString()
  @MaxLength(12)
  code?: string;

  @ApiPropertyOptional({ description: 'The worker ticked (trainer)', format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'Peserta tidak valid.' })
  workerId?: string;

  @ApiPropertyOptional({ description: 'The day (trainer)', minimum: 1, maximum: MAX_DAYS })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_DAYS)
  day?: number;

  @ApiPropertyOptional({ description: 'Unique per check-in, made by the trainer’s device: a replay changes nothing', maxLength: 64 })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{8,64}$/, { message: 'Nonce tidak valid: 8–64 huruf, angka, - atau _.' })
  nonce?: string;
}

/** A check-in recorded by the trainer for one day, with the client's nonce (a replay of it changes nothing). */
class TrainerDayCheckin {
  @ApiProperty({ minimum: 1, maximum: MAX_DAYS })
  @IsInt()
  @Min(1)
  @Max(MAX_DAYS)
  day: number;

  @ApiProperty({ maxLength: 64 })
  @Matches(/^[A-Za-z0-9_-]{8,64}$/, { message: 'Nonce tidak valid: 8–64 huruf, angka, - atau _.' })
  nonce: string;
}

export class TrainerCheckinInput extends TrainerDayCheckin {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'Peserta tidak valid.' })
  workerId: string;
}

export class CheckinBatchRequest {
  @ApiProperty({ type: [TrainerCheckinInput], maxItems: 500 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => TrainerCheckinInput)
  checkins: TrainerCheckinInput[];
}

export class CheckinDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) eventId: string;
  @ApiProperty({ format: 'uuid' }) workerId: string;
  @ApiProperty() day: number;
  @ApiProperty({ enum: CheckinMethod, enumName: 'CheckinMethod' }) method: CheckinMethod;
  @ApiProperty() checkedInAt: Date;
  @ApiProperty({ example: '2026-12-14 08:03 WIT' }) localTime: string;
  @ApiProperty({ description: 'true when this person was already recorded for the day ("sudah tercatat")' }) alreadyRecorded: boolean;
  @ApiProperty({ example: 'Presensi tercatat.' }) message: string;
}

export class CheckinBatchDto {
  @ApiProperty({ type: [CheckinDto] }) results: CheckinDto[];
}

export class MyEventDto extends EventDto {
  @ApiProperty({ enum: ParticipantStatus, enumName: 'ParticipantStatus' }) status: ParticipantStatus;
  @ApiProperty({ type: [Number], description: 'Days with a check-in' }) attendedDays: number[];
  @ApiProperty({ description: 'JP earned so far (attended days only)' }) myJp: number;
}

export class MyEventPageDto {
  @ApiProperty({ type: [MyEventDto] }) items: MyEventDto[];
}

export class EventResponseRequest {
  @ApiProperty({ enum: ['confirm', 'decline'] })
  @IsIn(['confirm', 'decline'], { message: 'Pilih confirm atau decline.' })
  decision: 'confirm' | 'decline';
}

export class EventResponseDto {
  @ApiProperty({ enum: ParticipantStatus, enumName: 'ParticipantStatus' }) status: ParticipantStatus;
}

export class ParticipantDto {
  @ApiProperty() position: number;
  @ApiProperty({ format: 'uuid' }) workerId: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ParticipantStatus, enumName: 'ParticipantStatus' }) status: ParticipantStatus;
  @ApiProperty({ type: [Number] }) attendedDays: number[];
  @ApiProperty() jp: number;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'Pre-test score (0–100) in the linked course' }) pretest: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'Best post-test score (0–100) in the linked course' }) posttest: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'posttest − pretest, when both were taken' }) gain: number | null;
}

export class ParticipantListDto {
  @ApiProperty({ type: [ParticipantDto] }) items: ParticipantDto[];
}

export class WalkInRequest extends TrainerDayCheckin {
  @ApiProperty({ example: 'Siti Aminah', maxLength: 120 })
  @IsString()
  @MinLength(3)
  @MaxLength(120)
  name: string;

  @ApiProperty({ example: '081234567890', description: 'The walk-in’s phone: an existing worker is found by it, else a pending account is made' })
  @IsString()
  @MaxLength(20)
  phone: string;

  @ApiProperty({ enum: Pillar, enumName: 'Pillar' })
  @IsEnum(Pillar, { message: 'Pilar tidak dikenal.' })
  pillar: Pillar;

  @ApiProperty({ example: '32.72.03', description: 'The walk-in’s kabupaten/kota or kecamatan, inside the event’s region' })
  @Matches(REGION_CODE, { message: REGION_MESSAGE })
  regionCode: string;
}

export class WalkInDto {
  @ApiProperty({ format: 'uuid' }) workerId: string;
  @ApiProperty({ description: 'true: a new account waiting for the region admin’s approval; false: an existing worker' }) pending: boolean;
  @ApiProperty({ type: CheckinDto }) checkin: CheckinDto;
}

export class RoomKeyDto {
  @ApiProperty({ description: 'HMAC-SHA256 key (base64url) that verifies this event’s personal QR codes offline' }) key: string;
  @ApiProperty({ example: 'BP1' }) prefix: string;
}

export class PersonalQrDto {
  @ApiProperty({ example: 'BP1.<eventId>.<workerId>.<mac>' }) payload: string;
  @ApiProperty({ description: 'The payload as an SVG QR code' }) svg: string;
}

export class ClosedEventDto {
  @ApiProperty() closedAt: Date;
}

export class CancelEventRequest {
  @ApiProperty({ minLength: 10, maxLength: 500, description: 'Why the event is called off, as the participants read it (trimmed, 10–500 characters)' })
  @IsString({ message: 'Alasan pembatalan wajib diisi.' })
  @MaxLength(1000, { message: 'Alasan pembatalan paling panjang 500 karakter.' })
  @SafeText()
  reason: string;
}

export class CancelledEventDto {
  @ApiProperty() cancelledAt: Date;
  @ApiProperty({ description: 'The reason as stored (trimmed)' }) cancelReason: string;
}

export class TestClockRequest {
  @ApiPropertyOptional({ description: 'The instant the events clock shows from now on; absent: the real time again', example: '2026-12-14T01:30:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'Waktu tidak valid: gunakan ISO 8601.' })
  now?: string;
}

export class TestClockDto {
  @ApiProperty() now: Date;
}

export class CandidateDto {
  @ApiProperty({ format: 'uuid' }) workerId: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'Already on the roster (any status)' }) onRoster: boolean;
}

export class CandidateListDto {
  @ApiProperty({ type: [CandidateDto], description: 'By name; at most 1000' }) items: CandidateDto[];
  @ApiProperty({ description: 'How many workers qualify in all' }) total: number;
}

export class RoomTestRequest {
  @ApiProperty({ enum: ['pretest', 'posttest', 'none'], description: 'Open the pre-test or post-test for the room, or close it (none)' })
  @IsIn(['pretest', 'posttest', 'none'], { message: 'Tes: pretest, posttest atau none.' })
  test: 'pretest' | 'posttest' | 'none';
}

export class RoomTestDto {
  @ApiPropertyOptional({ nullable: true, enum: ['pretest', 'posttest'] }) openTest: 'pretest' | 'posttest' | null;
}
