import type { LocationNode } from '../definitions/pack.types';

export interface LocationQuery {
  /** Children of this code; `null` for the roots. */
  parent?: string | null;
  level?: number;
  /** Case- and accent-insensitive text matched against the code and every translation of the name. */
  q?: string;
  includeDisabled?: boolean;
}

const fold = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();

/** Read-only index of a location hierarchy (codes, levels 0-5, ltree paths). */
export class LocationTree {
  private readonly byCode = new Map<string, LocationNode>();
  private readonly children = new Map<string | null, LocationNode[]>();
  private searchText?: Map<string, string>;

  constructor(readonly nodes: readonly LocationNode[]) {
    for (const node of nodes) {
      this.byCode.set(node.code, node);
      const siblings = this.children.get(node.parentCode) ?? [];
      siblings.push(node);
      this.children.set(node.parentCode, siblings);
    }
  }

  get(code: string): LocationNode | undefined {
    return this.byCode.get(code);
  }

  pathOf(code: string): string | undefined {
    return this.byCode.get(code)?.path;
  }

  childrenOf(code: string | null): readonly LocationNode[] {
    return this.children.get(code) ?? [];
  }

  /** Every node strictly below `code`, depth first in definition order. */
  descendantsOf(code: string): LocationNode[] {
    const out: LocationNode[] = [];
    const visit = (parent: string): void => {
      for (const child of this.childrenOf(parent)) {
        out.push(child);
        visit(child.code);
      }
    };
    visit(code);
    return out;
  }

  /** Whether `code` is `ancestor` or lies under it (the location-subtree scope test). */
  isWithin(code: string, ancestor: string): boolean {
    const path = this.pathOf(code);
    const ancestorPath = this.pathOf(ancestor);
    return !!path && !!ancestorPath && (path === ancestorPath || path.startsWith(`${ancestorPath}.`));
  }

  find(query: LocationQuery = {}): LocationNode[] {
    let found: readonly LocationNode[] = query.parent !== undefined ? this.childrenOf(query.parent) : this.nodes;
    if (query.level !== undefined) found = found.filter((n) => n.level === query.level);
    if (!query.includeDisabled) found = found.filter((n) => !n.disabled);
    if (query.q) {
      const needle = fold(query.q.trim());
      const text = this.searchIndex();
      found = found.filter((n) => text.get(n.code)!.includes(needle));
    }
    return [...found];
  }

  private searchIndex(): Map<string, string> {
    this.searchText ??= new Map(this.nodes.map((n) => [n.code, fold([n.code, ...Object.values(n.name)].join(' '))]));
    return this.searchText;
  }
}
