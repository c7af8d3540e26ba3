import { Injectable } from '@nestjs/common';
import type { RegionScope } from '../auth/region-scope';
import { RegionDirectory } from './region-directory';
import { ReportDesaGapsDto, ReportDesaGapsQuery } from './reports-desa.dto';
import { ReportsDesaRepository } from './reports-desa.repository';
import type { ExpiryWindows } from './reports.repository';

/** Desa gaps for PSM and Karang Taruna (decision 033): the desa of the desa-rostered kecamatan without a certified worker. */
@Injectable()
export class ReportsDesaService {
  constructor(
    private readonly desa: ReportsDesaRepository,
    private readonly directory: RegionDirectory,
  ) {}

  /** `code` is already resolved and in the caller's scope (ReportsService.desaGaps). */
  async gaps(code: string, query: ReportDesaGapsQuery, scope: RegionScope, windows: ExpiryWindows): Promise<ReportDesaGapsDto> {
    const [page, kecamatan] = await Promise.all([
      this.desa.gaps(code, query.pillar, scope, windows, query.pageSize, (query.page - 1) * query.pageSize),
      this.directory.kecamatanUnder(code),
    ]);
    const names = await this.directory.namesOf([...new Set(page.items.map((item) => item.kecamatanCode))]);
    return {
      items: page.items.map((item) => ({ ...item, kecamatanName: names.get(item.kecamatanCode) ?? item.kecamatanCode })),
      total: page.total,
      page: query.page,
      pageSize: query.pageSize,
      rosteredKecamatan: page.rosteredKecamatan,
      kecamatan: kecamatan.length,
    };
  }
}
