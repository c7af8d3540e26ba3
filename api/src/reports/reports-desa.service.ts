import { Injectable, Logger } from '@nestjs/common';
import { PassThrough, type Readable } from 'node:stream';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth-context';
import type { RegionScope } from '../auth/region-scope';
import { PILLAR_LABELS } from '../common/pillar';
import { RegionDirectory } from './region-directory';
import { ReportDesaGapDto, ReportDesaGapsDto, ReportDesaGapsFilter, ReportDesaGapsQuery } from './reports-desa.dto';
import { ReportsDesaRepository } from './reports-desa.repository';
import type { ExportFormat } from './reports.dto';
import type { ExpiryWindows } from './reports.repository';
import { writeCsv, writeWorkbook, type ExportColumn } from './reports-workbook';

const EXPORT_BATCH = 5_000;
const COLUMNS: ExportColumn[] = [
  { header: 'Kode desa', key: 'code', width: 16 },
  { header: 'Desa/kelurahan', key: 'name', width: 28 },
  { header: 'Kode kecamatan', key: 'kecamatanCode', width: 12 },
  { header: 'Kecamatan', key: 'kecamatanName', width: 24 },
];

/** Where an export was asked for: the caller, the region resolved in their scope, the moment's expiry windows. */
export interface DesaExportContext {
  caller: AuthUser;
  code: string;
  scope: RegionScope;
  windows: ExpiryWindows;
  ip: string | null;
}

/** Desa gaps for PSM and Karang Taruna (decision 033): the desa of the desa-rostered kecamatan without a certified worker. */
@Injectable()
export class ReportsDesaService {
  private readonly logger = new Logger('Reports');

  constructor(
    private readonly desa: ReportsDesaRepository,
    private readonly directory: RegionDirectory,
    private readonly audit: AuditService,
  ) {}

  /** `code` is already resolved and in the caller's scope (ReportsService.desaGaps). */
  async gaps(code: string, query: ReportDesaGapsQuery, scope: RegionScope, windows: ExpiryWindows): Promise<ReportDesaGapsDto> {
    const [page, kecamatan] = await Promise.all([
      this.desa.gaps(code, query.pillar, scope, windows, query.pageSize, (query.page - 1) * query.pageSize),
      this.directory.kecamatanUnder(code),
    ]);
    return {
      items: await this.withKecamatanNames(page.items),
      total: page.total,
      page: query.page,
      pageSize: query.pageSize,
      rosteredKecamatan: page.rosteredKecamatan,
      kecamatan: kecamatan.length,
    };
  }

  /**
   * Every desa gap of the region as XLSX (sheets "Peserta" and "Filter", the workers export's writer) or CSV, streamed
   * a batch at a time; audit-logged (`report.export`, `list: DESA_GAPS`) when complete. The region is already resolved.
   */
  export(context: DesaExportContext, query: ReportDesaGapsFilter, format: ExportFormat): { stream: Readable; filename: string } {
    const stream = new PassThrough();
    const filters: [string, string][] = [
      ['Daftar', 'Desa tanpa pekerja bersertifikat'],
      ['Wilayah', context.code || 'Seluruh Indonesia'],
      ['Pilar', PILLAR_LABELS[query.pillar]],
      ['Dibuat oleh', context.caller.name],
      ['Waktu pembuatan (UTC)', context.windows.now.toISOString()],
    ];
    const batches = this.batches(context, query.pillar);
    const cells = (row: ReportDesaGapDto): Record<string, unknown> => ({ ...row });
    (format === 'csv' ? writeCsv(stream, COLUMNS, batches, cells) : writeWorkbook(stream, COLUMNS, batches, cells, filters))
      .then((rows) =>
        this.audit.record({
          action: 'report.export',
          actor: context.caller,
          targetType: 'region',
          targetId: context.code || context.caller.regionCode,
          regionCode: context.code || context.caller.regionCode,
          ip: context.ip,
          details: { rows, format, list: 'DESA_GAPS', pillar: query.pillar },
        }),
      )
      .catch((error: Error) => {
        this.logger.error(`desa gaps export failed: ${error.message}`);
        stream.destroy(error);
      });
    const day = context.windows.now.toISOString().slice(0, 10);
    return { stream, filename: `laporan-celah-desa-${query.pillar.toLowerCase().replace(/_/g, '-')}-${day}.${format}` };
  }

  private async *batches(context: DesaExportContext, pillar: string): AsyncGenerator<ReportDesaGapDto[]> {
    for (let offset = 0; ; offset += EXPORT_BATCH) {
      const { items } = await this.desa.gaps(context.code, pillar, context.scope, context.windows, EXPORT_BATCH, offset);
      if (items.length > 0) yield await this.withKecamatanNames(items);
      if (items.length < EXPORT_BATCH) return;
    }
  }

  private async withKecamatanNames(items: { code: string; name: string; kecamatanCode: string }[]): Promise<ReportDesaGapDto[]> {
    const names = await this.directory.namesOf([...new Set(items.map((item) => item.kecamatanCode))]);
    return items.map((item) => ({ ...item, kecamatanName: names.get(item.kecamatanCode) ?? item.kecamatanCode }));
  }
}
