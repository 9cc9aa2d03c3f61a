/**
 * Given and family names as written in Mali (Bambara, Soninké, Peul, Songhaï and Arabic-origin names in their French
 * spellings, with their accents) plus common French names. The lists are long enough that two unrelated children
 * rarely share name, sex, birth year and commune, so injected near-duplicates are what a matcher should find.
 */
export const FAMILY_NAMES = [
  'Traoré', 'Coulibaly', 'Diarra', 'Keïta', 'Konaté', 'Sidibé', 'Diallo', 'Cissé', 'Touré', 'Maïga', 'Sangaré',
  'Dembélé', 'Camara', 'Kanté', 'Doumbia', 'Sissoko', 'Ba', 'Sow', 'Fofana', 'Koné', 'Konaré', 'Bagayoko', 'Dicko',
  'Haïdara', 'Samaké', 'Kouyaté', 'Diakité', 'Tounkara', 'Sylla', 'Bathily', 'Soumaré', 'Niaré', 'Tangara',
  'Guindo', 'Dolo', 'Togo', 'Ouattara', 'Berthé', 'Dao', 'Mariko', 'Dramé', 'Sacko', 'Kassambara', 'Bocoum',
  'Sanogo', 'Goïta', 'Kamissoko', 'Niang', 'Tembely', 'Yattara', 'Djiré', 'Ballo', 'Kané', 'Daou',
  'Sinayoko', 'Cissoko', 'Simpara', 'Magassa', 'Thiam', 'Wagué', 'Dansoko', 'Konté', 'Mallé',
  'Martin', 'Bernard', 'Dubois', 'Lefèvre', 'Moreau', 'Girard',
] as const;

export const GIVEN_NAMES_FEMALE = [
  'Aminata', 'Fatoumata', 'Mariam', 'Oumou', 'Awa', 'Kadiatou', 'Hawa', 'Assitan', 'Djénéba', 'Salimata', 'Rokia',
  'Kadidia', 'Maïmouna', 'Aïssata', 'Nana', 'Bintou', 'Fanta', 'Korotoumou', 'Safiatou', 'Ramata', 'Adama',
  'Sira', 'Mah', 'Nènè', 'Hadja', 'Aïcha', 'Saran', 'Tenin', 'Sétou', 'Mamou', 'Coumba', 'Yaye',
  'Oumou Kalsoum', 'Mariétou', 'Haoua', 'Ténimba', 'Sokona', 'Massitan', 'Kankou', 'Bountou', 'Niakalé',
  'Fatimata', 'Aïssétou', 'Kadiatou Bintou', 'Fily', 'Mamy', 'Ramatoulaye', 'Zeinab', 'Fadimata',
  'Marie', 'Sophie', 'Claire', 'Julie', 'Émilie', 'Chloé', 'Léa', 'Inès',
] as const;

export const GIVEN_NAMES_MALE = [
  'Moussa', 'Mamadou', 'Ibrahim', 'Seydou', 'Boubacar', 'Amadou', 'Oumar', 'Modibo', 'Souleymane', 'Bakary',
  'Drissa', 'Issa', 'Adama', 'Lassana', 'Sékou', 'Yacouba', 'Abdoulaye', 'Mahamadou', 'Cheick', 'Alou', 'Siaka',
  'Ousmane', 'Youssouf', 'Hamidou', 'Daouda', 'Fousseyni', 'Tiémoko', 'Bréhima', 'Salif', 'Karim',
  'Aliou', 'Hamadoun', 'Boubacar Sidiki', 'Moctar', 'Mohamed', 'Ismaïla', 'Kalifa', 'Bourama', 'Sidiki',
  'Zoumana', 'Nouhoum', 'Sory', 'Mamoutou', 'Baba', 'Idrissa', 'Yaya', 'Aboubacar', 'Massa', 'Harouna',
  'Lamine', 'Samba', 'Papa', 'Ibrahima', 'Soumaïla', 'Tidiani',
  'Jean', 'Pierre', 'Luc', 'Thomas', 'Hugo', 'Louis', 'Noé', 'Théo',
] as const;

/** Nicknames that case workers record, and that a child may give instead of the full name. */
export const NICKNAMES: Readonly<Record<string, string>> = {
  Aminata: 'Mina', Fatoumata: 'Fatou', Mariam: 'Mamou', Kadiatou: 'Kadi', Salimata: 'Sali', Maïmouna: 'Mouna',
  Aïssata: 'Aïssa', Korotoumou: 'Koro', Safiatou: 'Safi', Djénéba: 'Djéné', Ramatoulaye: 'Rama', Fatimata: 'Fati',
  Mamadou: 'Madou', Ibrahim: 'Iba', Boubacar: 'Bouba', Abdoulaye: 'Laye', Mahamadou: 'Hama', Souleymane: 'Souley',
  Ousmane: 'Ousma', Youssouf: 'Youss', Hamidou: 'Hami', Mohamed: 'Medi', Aboubacar: 'Abou', Ibrahima: 'Iba',
  Moussa: 'Mouss', Seydou: 'Seydina', Oumar: 'Oumi', Bakary: 'Baka', Sékou: 'Sékouba', Tiémoko: 'Tiém',
  Marie: 'Marinette', Thomas: 'Tom', Émilie: 'Mimi',
};

export const CAREGIVER_GIVEN_NAMES = [...GIVEN_NAMES_FEMALE.slice(0, 30), ...GIVEN_NAMES_MALE.slice(0, 30)] as const;

export const STREETS = [
  'Rue 310', 'Avenue de l’Indépendance', 'Rue Famolo Coulibaly', 'Quartier du Fleuve', 'Rue Mohamed V',
  'Route de Koulikoro', 'Hamdallaye ACI 2000', 'Badalabougou Est', 'Sogoniko', 'Djicoroni Para', 'Lafiabougou',
  'Niamakoro', 'Sabalibougou', 'Kalaban Coura', 'Médina Coura', 'Bagadadji', 'Missira', 'Quartier Sans Fil',
] as const;
