/**
 * `name` the way V8 keeps property names: as an internalized string. Strings read from JSON values (form
 * definitions are parsed JSON) are not internalized, and a keyed store that adds such a name to an object takes
 * V8's slow path on every call (about three times slower). Names the engine writes into records on every
 * validation go through this once, when a form's plan is built.
 */
export const propertyKey = (name: string): string => Object.keys({ [name]: true })[0];
