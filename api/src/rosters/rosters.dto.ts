import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';

export class RosterQuery {
  @ApiPropertyOptional({ description: 'Check only: report what an import would do, change nothing', default: false })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' || value === '1' || value === true ? true : value === 'false' || value === '0' || value === false ? false : value))
  @IsBoolean({ message: 'dryRun harus true atau false.' })
  dryRun?: boolean;
}

export class RosterErrorDto {
  @ApiProperty({ example: 5, description: 'Spreadsheet row, the header being row 1' }) row: number;
  @ApiProperty({ example: 'no_hp', description: 'nama, no_hp, pilar, kode_wilayah, nik or email' }) column: string;
  @ApiProperty({ example: 'Nomor HP tidak valid: …' }) message: string;
}

export class RosterReportDto {
  @ApiProperty({ description: 'Data rows (blank rows are not counted)' }) total: number;
  @ApiProperty({ description: 'Rows without errors' }) valid: number;
  @ApiProperty({ description: 'Workers created (with dryRun: that would be created)' }) created: number;
  @ApiProperty() updated: number;
  @ApiProperty() unchanged: number;
  @ApiProperty({ type: [RosterErrorDto] }) errors: RosterErrorDto[];
  @ApiProperty({ description: 'True when nothing was written' }) dryRun: boolean;
}

export class RosterJobDto {
  @ApiProperty({ format: 'uuid', description: 'Follow it at GET /api/jobs/{jobId}; its result is the report' }) jobId: string;
}
