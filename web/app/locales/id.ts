import account from './account.id';
import learner from './learner.id';
import assignments from './assignments.id';
const common = {
  appName: 'Bimtek Pilar',
  skipToContent: 'Langsung ke konten',
  tagline: 'Bimbingan teknis pilar-pilar sosial.',
  nav: {
    home: 'Beranda',
    catalog: 'Katalog',
    certificates: 'Sertifikat',
    account: 'Akun',
    workers: 'Pekerja',
    rosters: 'Impor roster',
    audit: 'Log audit',
    assignments: 'Penugasan',
    login: 'Masuk',
    logout: 'Keluar',
    language: 'English',
  },
  home: {
    welcome: 'Selamat datang di Bimtek Pilar',
    intro:
      'Bimbingan teknis untuk pilar-pilar sosial: TKSK, Tagana, PSM, Karang Taruna, Pendamping PKH, dan SLRT/Puskesos. Belajar di ponsel, ikuti pre-test dan post-test, dan dapatkan sertifikat yang dapat diperiksa siapa saja.',
    apiUp: 'Layanan tersambung.',
    apiDown: 'Layanan belum dapat dihubungi. Coba lagi sebentar lagi.',
    start: 'Masuk untuk mulai belajar',
    activate: 'Punya kode aktivasi? Aktifkan akun',
    register: 'Belum terdaftar? Daftar sebagai pekerja sosial',
  },
  form: {
    phone: 'Nomor HP',
    phoneHint: 'Contoh: 0812 3456 7890',
    password: 'Kata sandi',
    passwordNew: 'Kata sandi baru',
    passwordHint: 'Minimal 8 karakter. Hindari kata sandi yang mudah ditebak.',
    passwordConfirm: 'Ulangi kata sandi',
    code: 'Kode aktivasi',
    codeHint: '8 karakter dari Dinas Sosial, misalnya K7M2-Q9TX',
    name: 'Nama lengkap',
    pillar: 'Pilar',
    province: 'Provinsi',
    regency: 'Kabupaten/kota',
    district: 'Kecamatan',
    choose: 'Pilih…',
    next: 'Lanjut',
    required: 'Wajib diisi.',
  },
  login: {
    title: 'Masuk',
    submit: 'Masuk',
    failed: 'Nomor HP atau kata sandi salah.',
  },
  error: {
    notFound: 'Halaman tidak ditemukan',
    notFoundText: 'Alamat yang Anda buka tidak ada.',
    generic: 'Terjadi kesalahan',
    genericText: 'Silakan muat ulang halaman ini atau coba lagi nanti.',
    backHome: 'Kembali ke beranda',
  },
};

export default { common, learner, account, assignments };
