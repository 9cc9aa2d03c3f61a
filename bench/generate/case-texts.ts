import { Random } from './random';

/**
 * Free-text fields in the French a case worker would write. Only the length and the vocabulary matter to the
 * benchmarks (row size, trigram and GIN index contents), so sentences are assembled from short parts.
 */
const OPENINGS = [
  "L'enfant a été identifié(e) par",
  "Signalement reçu de",
  "Cas orienté par",
  "L'enfant s'est présenté(e) accompagné(e) par",
];
const SOURCES = ['un voisin', 'le chef de quartier', "l'enseignant", 'la police', 'un agent de santé', 'la famille', 'une ONG partenaire'];
const SITUATIONS = [
  "il ou elle vit seul(e) depuis plusieurs semaines et ne fréquente plus l'école.",
  "des signes de violences physiques répétées ont été constatés à domicile.",
  "l'enfant travaille sur un site d'orpaillage et dort sur place.",
  "l'enfant mendie aux abords de la grande mosquée avec d'autres talibés.",
  'la famille a été déplacée par le conflit et a perdu tous ses biens.',
  "un mariage est prévu dans les prochaines semaines avec un homme beaucoup plus âgé.",
  "l'enfant montre des signes de détresse psychologique et refuse de parler.",
  'le parent principal est décédé et la famille élargie ne peut pas assurer la prise en charge.',
];
const FOLLOW_UPS = [
  'Une visite à domicile est prévue avec la famille.',
  "Le travailleur social a rencontré l'enfant en présence de sa tante.",
  "Orientation vers le centre de santé communautaire pour un examen.",
  "Contact établi avec l'école pour une réinscription.",
  'La famille accepte le plan proposé et un suivi hebdomadaire est convenu.',
  "Recherche familiale en cours avec l'appui de la Croix-Rouge.",
];

export function narrative(rng: Random, sentences: number): string {
  const parts = [`${rng.pick(OPENINGS)} ${rng.pick(SOURCES)} : ${rng.pick(SITUATIONS)}`];
  for (let i = 1; i < sentences; i++) parts.push(rng.pick(FOLLOW_UPS));
  return parts.join(' ');
}

export function shortNote(rng: Random): string {
  return rng.pick(FOLLOW_UPS);
}
