import account from './account.en';
import admin from './admin.en';
import assignments from './assignments.en';
import events from './events.en';
import type id from './id';
import learner from './learner.en';
import tasks from './tasks.en';
import reports from './reports.en';

const common: (typeof id)['common'] = {
  appName: 'Bimtek Pilar',
  skipToContent: 'Skip to content',
  tagline: 'Technical training for the social-welfare pillars.',
  nav: {
    itemAnalysis: 'Item analysis',
    courseReview: 'Course review',
    home: 'Home',
    catalog: 'Catalogue',
    certificates: 'Certificates',
    account: 'Account',
    workers: 'Workers',
    rosters: 'Import roster',
    audit: 'Audit log',
    assignments: 'Assignments',
    integrity: 'Irregularities',
    reviews: 'Task reviews',
    reports: 'Reports',
    history: 'Record',
    events: 'Events',
    login: 'Log in',
    logout: 'Log out',
    language: 'Bahasa Indonesia',
  },
  home: {
    welcome: 'Welcome to Bimtek Pilar',
    intro:
      'Technical training for the pilar-pilar sosial: TKSK, Tagana, PSM, Karang Taruna, Pendamping PKH and SLRT/Puskesos. Learn on your phone, take the pre-test and post-test, and earn a certificate anyone can verify.',
    apiUp: 'Service connected.',
    apiDown: 'The service cannot be reached yet. Please try again shortly.',
    start: 'Log in to start learning',
    activate: 'Have an activation code? Activate your account',
    register: 'Not registered? Sign up as a social worker',
  },
  form: {
    phone: 'Phone number',
    phoneHint: 'For example: 0812 3456 7890',
    password: 'Password',
    passwordNew: 'New password',
    passwordHint: 'At least 10 characters. Avoid passwords that are easy to guess, programme or place names with digits, and your phone number.',
    passwordConfirm: 'Repeat the password',
    code: 'Activation code',
    codeHint: '8 characters from the Dinas Sosial, e.g. K7M2-Q9TX',
    name: 'Full name',
    pillar: 'Pillar',
    province: 'Province',
    regency: 'Regency/city',
    district: 'District (kecamatan)',
    choose: 'Choose…',
    next: 'Next',
    required: 'Required.',
  },
  login: {
    title: 'Log in',
    submit: 'Log in',
    failed: 'Wrong phone number or password.',
  },
  pillar: {
    TKSK: 'TKSK (Tenaga Kesejahteraan Sosial Kecamatan)',
    TAGANA: 'Tagana (Taruna Siaga Bencana)',
    PSM: 'PSM (Pekerja Sosial Masyarakat)',
    KARANG_TARUNA: 'Karang Taruna',
    PENDAMPING_PKH: 'Pendamping PKH',
    SLRT: 'SLRT/Puskesos',
  },
  pillarShort: {
    TKSK: 'TKSK',
    TAGANA: 'Tagana',
    PSM: 'PSM',
    KARANG_TARUNA: 'Karang Taruna',
    PENDAMPING_PKH: 'Pendamping PKH',
    SLRT: 'SLRT/Puskesos',
  },
  role: {
    PESERTA: 'Learner (social worker)',
    PELATIH: 'Trainer',
    ADMIN_DINSOS: 'Dinas Sosial admin',
    ADMIN_PUSAT: 'National admin (Kemensos)',
  },
  status: {
    PENDING: 'Awaiting approval',
    INVITED: 'Not yet activated',
    ACTIVE: 'Active',
    DISABLED: 'Disabled',
  },
  errors: {
    SERVICE_UNAVAILABLE: 'The service cannot be reached. Try again in a moment.',
    TOO_MANY_REQUESTS: 'Too many attempts. Wait a moment, then try again.',
    UNAUTHENTICATED: 'Your session has ended. Please sign in again.',
    FORBIDDEN: 'You are not allowed to do this.',
    NOT_FOUND: 'Not found.',
    INTERNAL_ERROR: 'Something went wrong on the server. Try again in a moment.',
    AUTH_PHONE_TAKEN: 'This phone number is already registered. If Dinsos gave you an activation code, use the activation page; if you forgot your password, ask your Dinsos admin to reset it.',
    AUTH_PASSWORD_WRONG: 'The current password is wrong.',
    AUTH_PASSWORD_TOO_SHORT: 'The password needs at least 10 characters.',
    AUTH_PASSWORD_TOO_COMMON: 'This password is too common and easy to guess. Choose another.',
    SAFE_TEXT: 'The text holds characters that are not allowed (such as direction controls). Type it again instead of pasting.',
    IS_NOT_EMPTY: 'Required.',
    IS_PHONE: 'Not a valid phone number. Example: 0812 3456 7890.',
  },
  error: {
    unavailable: 'The service is unavailable',
    unavailableText: 'The service cannot be reached. Try again in a moment.',
    notFound: 'Page not found',
    notFoundText: 'The address you opened does not exist.',
    generic: 'Something went wrong',
    genericText: 'Please reload this page or try again later.',
    backHome: 'Back to home',
  },
};

export default { common, learner, account, admin, assignments, tasks, reports, events };
