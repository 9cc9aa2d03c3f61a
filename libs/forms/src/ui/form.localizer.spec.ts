import { loadMliPack } from '../../test-fixtures/mli-pack';
import { localizeForm } from './form.localizer';
import { localizeText, pickLocale } from './locale';

describe('localizeForm', () => {
  it('renders every text in one locale and resolves lookup options', async () => {
    const pack = await loadMliPack();
    const form = pack.forms.find((f) => f.id === 'protection_concerns')!;
    const fr = localizeForm(form, 'fr', pack.lookups);
    expect(fr).toMatchObject({ id: 'protection_concerns', version: 1, locale: 'fr', title: 'Préoccupations de protection et niveau de risque' });
    const concerns = fr.fields.find((f) => f.name === 'protection_concerns')!;
    expect(concerns.label).toBe('Préoccupations de protection');
    expect(concerns.options).toContainEqual({ id: 'armed_conflict', label: expect.stringContaining('Affecté'), disabled: true });
    expect(fr).not.toHaveProperty('$schema');

    const en = localizeForm(pack.forms.find((f) => f.id === 'family_details')!, 'en-GB', pack.lookups);
    const family = en.fields.find((f) => f.name === 'family_details')!;
    expect(family.fields?.find((f) => f.name === 'relation')?.options?.[0]).toEqual({ id: 'mother', label: 'Mother' });
    expect(en.fields[0].buckets?.[0]).toEqual({ id: 'boys', label: 'Boys' });
  });
});

describe('locale helpers', () => {
  it('falls back from a regional tag to its language, then English, then any translation', () => {
    expect(localizeText({ fr: 'Oui', en: 'Yes' }, 'fr-ML')).toBe('Oui');
    expect(localizeText({ fr: 'Oui', en: 'Yes' }, 'bm')).toBe('Yes');
    expect(localizeText({ fr: 'Oui' }, 'bm')).toBe('Oui');
  });

  it('negotiates Accept-Language by q-value against the supported locales', () => {
    expect(pickLocale('en;q=0.5, fr-FR;q=0.9, *;q=0.1', ['fr', 'en'], 'en')).toBe('fr');
    expect(pickLocale('bm, en-US', ['fr', 'en'], 'fr')).toBe('en');
    expect(pickLocale('de', ['fr', 'en'], 'fr')).toBe('fr');
    expect(pickLocale(undefined, ['fr', 'en'], 'fr')).toBe('fr');
    expect(pickLocale('fr;q=0', ['fr', 'en'], 'en')).toBe('en');
  });
});
