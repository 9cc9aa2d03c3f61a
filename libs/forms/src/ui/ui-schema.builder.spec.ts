import { mliEngine } from '../../test-fixtures/mli-pack';
import { buildUiSchema } from './ui-schema.builder';

describe('buildUiSchema', () => {
  it('lays out controls in field order with SHOW rules from visibleIf, labels in the locale', async () => {
    const engine = await mliEngine();
    const ui = buildUiSchema(engine.getForm('basic_identity')!, 'fr');
    expect(ui.type).toBe('VerticalLayout');
    const elements = ui.elements!;
    expect(elements[0]).toEqual({ type: 'Control', scope: '#/properties/name_first', label: 'Prénom' });
    expect(elements.find((e) => e.scope === '#/properties/disability_type')).toEqual({
      type: 'Control',
      scope: '#/properties/disability_type',
      label: 'Type de handicap',
      rule: {
        effect: 'SHOW',
        condition: { scope: '#', schema: { properties: { has_disability: { const: true } }, required: ['has_disability'] } },
      },
    });
    expect(elements).toContainEqual({ type: 'Label', text: "Pièces d'identité" });
    expect(elements.find((e) => e.scope === '#/properties/address_current')?.options).toEqual({ multi: true });
  });

  it('describes subform items as a detail layout with item-level rules', async () => {
    const engine = await mliEngine();
    const ui = buildUiSchema(engine.getForm('services')!, 'en');
    const services = ui.elements!.find((e) => e.scope === '#/properties/services')!;
    const detail = services.options!.detail as { elements: Array<{ scope: string; rule?: unknown }> };
    expect(detail.elements.find((e) => e.scope === '#/properties/service_implemented_on')?.rule).toEqual({
      effect: 'SHOW',
      condition: { scope: '#', schema: { properties: { service_implemented: { const: true } }, required: ['service_implemented'] } },
    });
    expect(ui.elements!.find((e) => e.scope === '#/properties/services_implemented_count')?.options).toEqual({ readonly: true });
  });
});
