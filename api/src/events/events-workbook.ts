import ExcelJS from 'exceljs';
import type { EventDto, ParticipantDto } from './events.dto';
import { cancellationText, type ReportCancellation } from './events-pdf';

const STATUS_LABELS: Record<string, string> = {
  INVITED: 'Diundang',
  CONFIRMED: 'Hadir (konfirmasi)',
  DECLINED: 'Menolak',
  WAITLISTED: 'Daftar tunggu',
};

/** A spreadsheet would run text starting with = + - @ as a formula: such cells are strings in the Text format. */
const FORMULA_LIKE = /^[=+\-@\t\r]/;

/**
 * The attendance workbook of an event: sheet "Daftar hadir" (one row per participant in roster order, one column per
 * day with the local check-in time, then learning minutes and JP) and sheet "Kegiatan" (the event and its days). A
 * cancelled event's "Kegiatan" sheet starts with the cancellation in bold red, and the workbook opens on it.
 */
export async function writeEventWorkbook(
  event: EventDto,
  roster: ParticipantDto[],
  checkinTime: (workerId: string, day: number) => string,
  cancellation: ReportCancellation | null = null,
): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Bimtek Pilar';
  const sheet = book.addWorksheet('Daftar hadir');
  sheet.columns = [
    { header: 'No', key: 'no', width: 6 },
    { header: 'Nama', key: 'name', width: 32 },
    { header: 'Status undangan', key: 'status', width: 18 },
    ...event.days.map((d) => ({ header: `Hari ${d.day} (${d.date})`, key: `day${d.day}`, width: 16 })),
    { header: 'Menit belajar', key: 'minutes', width: 14 },
    { header: 'JP', key: 'jp', width: 8 },
    { header: 'ID peserta', key: 'workerId', width: 38 },
    { header: 'Pre-test', key: 'pretest', width: 10 },
    { header: 'Post-test', key: 'posttest', width: 10 },
    { header: 'Kenaikan', key: 'gain', width: 10 },
  ];
  sheet.getRow(1).font = { bold: true };
  roster.forEach((p, index) => {
    const row = sheet.addRow({
      no: index + 1,
      name: p.name,
      status: STATUS_LABELS[p.status] ?? p.status,
      ...Object.fromEntries(event.days.map((d) => [`day${d.day}`, checkinTime(p.workerId, d.day)])),
      minutes: event.days.filter((d) => p.attendedDays.includes(d.day)).reduce((sum, d) => sum + d.learningMinutes, 0),
      jp: p.jp,
      workerId: p.workerId,
      pretest: p.pretest ?? '',
      posttest: p.posttest ?? '',
      gain: p.gain ?? '',
    });
    row.eachCell((cell) => {
      if (typeof cell.value === 'string' && FORMULA_LIKE.test(cell.value)) cell.numFmt = '@';
    });
  });
  const info = book.addWorksheet('Kegiatan');
  info.columns = [
    { header: 'Keterangan', key: 'name', width: 24 },
    { header: 'Nilai', key: 'value', width: 60 },
  ];
  const cancelled = cancellation ? cancellationFacts(cancellation) : [];
  const facts: [string, string | number][] = [
    ...cancelled,
    ['Kegiatan', event.title],
    ['Tempat', event.venue],
    ['Wilayah', `${event.regionName} (${event.regionCode})`],
    ['Zona waktu', `${event.zone} (${event.timeZone})`],
    ...event.days.map((d): [string, string] => [`Hari ${d.day}`, `${d.date} ${d.start}–${d.end} ${event.zone}`]),
    ['Menit belajar (agenda)', event.learningMinutes],
    ['JP (agenda)', event.jp],
    ['Jumlah peserta', roster.length],
  ];
  facts.forEach(([name, value], index) => {
    const row = info.addRow({ name, value });
    row.eachCell((cell) => {
      if (typeof cell.value === 'string' && FORMULA_LIKE.test(cell.value)) cell.numFmt = '@';
    });
    if (index < cancelled.length) row.font = { bold: true, color: { argb: 'FFB00020' } };
  });
  if (cancellation) book.views = [{ x: 0, y: 0, width: 10000, height: 20000, firstSheet: 0, activeTab: book.worksheets.indexOf(info), visibility: 'visible' }];
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** The rows that open the "Kegiatan" sheet of a cancelled event: status, when and by whom, why. */
function cancellationFacts(cancellation: ReportCancellation): [string, string][] {
  const text = cancellationText(cancellation);
  return [
    ['Status', text.title],
    ['Dibatalkan pada', cancellation.at],
    ['Dibatalkan oleh', cancellation.byName],
    ['Alasan pembatalan', cancellation.reason],
  ];
}
