/**
 * Passwords people here choose first, refused whatever their length (F-L7). Compared lower-cased. The common list of
 * zxcvbn-ts and the Indonesian favourites in passwords.ts cover the rest.
 */
export const WEAK_PASSWORDS = [
  'password1', 'password12', 'password123', 'bimtek2026', 'bimtek2025', 'kemensos1', 'kemensos123', '1234567890',
  '0987654321', 'qwertyuiop', 'asdfghjkl1', 'indonesia1', 'indonesia45', 'indonesia123', 'merdeka1945', 'sukabumi1',
  'tksk2026', 'tagana2026', 'pancasila1', 'bismillah1', 'rahasia123', 'katasandi1', 'admin12345', 'dinsos2026',
];

/**
 * Words of this programme and its places: a password that is one of them with only digits, spaces or punctuation
 * added (`bimtek2026`, `Kemensos 1`, `Sukabumi1`) is the first thing anyone tries.
 */
export const DOMAIN_WORDS = [
  'bimtek', 'bimtekpilar', 'pilar', 'pilarsosial', 'kemensos', 'dinsos', 'tksk', 'tagana', 'psm', 'karangtaruna',
  'pkh', 'pendampingpkh', 'slrt', 'puskesos', 'indonesia', 'merdeka', 'sukabumi', 'jakarta', 'bandung', 'password',
  'katasandi', 'rahasia', 'admin', 'pekerja', 'peserta', 'pelatih', 'sosial', 'qwerty', 'abc', 'abcd',
];
