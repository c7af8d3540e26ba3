import { Injectable, Logger } from '@nestjs/common';
import { PassThrough, type Readable } from 'node:stream';
import { AuditAction, AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth-context';
import type { RegionScope } from '../auth/region-scope';
import { PILLAR_LABELS } from '../common/pillar';
import { RegionsService } from '../regions/regions.service';
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

type Desa = { code: string; name: string; kecamatanCode: string };

/** Desa gaps for PSM and Karang Taruna (decision 033): the desa of the desa-rostered kecamatan without a certified worker. */
@Injectable()
export class ReportsDesaService {
  private readonly logger = new Logger('Reports');
  /**
   * The desa of each kecamatan asked for so far (Kemendagri codes do not change while the API runs): at most the
   * ≈ 84,000 desa of Indonesia, a few MB. Reports do not read the regions table themselves (one owner per table).
   */
  private readonly villages = new Map<string, Desa[]>();

  constructor(
    private readonly desa: ReportsDesaRepository,
    private readonly directory: RegionDirectory,
    private readonly regions: RegionsService,
    private readonly audit: AuditService,
  ) {}

  /** `code` is already resolved and in the caller's scope (ReportsService.desaGaps). */
  async gaps(code: string, query: ReportDesaGapsQuery, scope: RegionScope, windows: ExpiryWindows): Promise<ReportDesaGapsDto> {
    const [{ gaps, rosteredKecamatan }, kecamatan] = await Promise.all([this.allGaps(code, query.pillar, scope, windows), this.directory.kecamatanUnder(code)]);
    const start = (query.page - 1) * query.pageSize;
    return {
      items: await this.withKecamatanNames(gaps.slice(start, start + query.pageSize)),
      total: gaps.length,
      page: query.page,
      pageSize: query.pageSize,
      rosteredKecamatan,
      kecamatan: kecamatan.length,
    };
  }

  /** Every desa gap of the region in code order: the desa of its desa-rostered kecamatan less the covered ones. */
  private async allGaps(code: string, pillar: string, scope: RegionScope, windows: ExpiryWindows): Promise<{ gaps: Desa[]; rosteredKecamatan: number }> {
    const state = await this.desa.coverState(code, pillar, scope, windows);
    const desa = await this.villagesOf(state.rosteredKecamatan);
    return { gaps: desa.filter((d) => !state.coveredDesa.has(d.code)), rosteredKecamatan: state.rosteredKecamatan.length };
  }

  /** The desa of these kecamatan (in their order, each in code order), asking the regions domain once for those not held yet. */
  private async villagesOf(kecamatan: string[]): Promise<Desa[]> {
    const missing = kecamatan.filter((k) => !this.villages.has(k));
    if (missing.length > 0) {
      const found = await this.regions.villagesOf(missing);
      for (const k of missing) this.villages.set(k, []);
      for (const village of found) this.villages.get(village.kecamatanCode)?.push(village);
    }
    return kecamatan.flatMap((k) => this.villages.get(k) ?? []);
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
          action: AuditAction.REPORT_EXPORT,
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

  /** The gaps (codes and names only: at most the country's desa) written a batch at a time with their kecamatan names. */
  private async *batches(context: DesaExportContext, pillar: string): AsyncGenerator<ReportDesaGapDto[]> {
    const { gaps } = await this.allGaps(context.code, pillar, context.scope, context.windows);
    for (let start = 0; start < gaps.length; start += EXPORT_BATCH) yield await this.withKecamatanNames(gaps.slice(start, start + EXPORT_BATCH));
  }

  private async withKecamatanNames(items: Desa[]): Promise<ReportDesaGapDto[]> {
    const names = await this.directory.namesOf([...new Set(items.map((item) => item.kecamatanCode))]);
    return items.map((item) => ({ ...item, kecamatanName: names.get(item.kecamatanCode) ?? item.kecamatanCode }));
  }
}
