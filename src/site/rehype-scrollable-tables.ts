/**
 * Wraps every Markdown table in a labelled, focusable region that scrolls sideways: a wide table
 * then scrolls inside its region, and keyboard users can reach and scroll it (WCAG 2.1.1; axe's
 * scrollable-region-focusable). The label names the table by its column headings, in the page's
 * language (lessons under content/en/ are English).
 */
import type { Element, ElementContent, Root, RootContent } from 'hast';

const text = (node: ElementContent): string => (node.type === 'text' ? node.value : node.type === 'element' ? node.children.map(text).join('') : '');

function firstRowHeadings(table: Element): string[] {
  const cells: string[] = [];
  const visit = (node: ElementContent): boolean => {
    if (node.type !== 'element') return false;
    if (node.tagName === 'tr') {
      for (const c of node.children) if (c.type === 'element' && (c.tagName === 'th' || c.tagName === 'td')) cells.push(text(c).trim());
      return true;
    }
    return node.children.some(visit);
  };
  table.children.some(visit);
  return cells.filter((c) => c !== '');
}

export function rehypeScrollableTables() {
  return (tree: Root, file: { path?: string }): void => {
    const en = /[/\\]content[/\\](docs[/\\])?en[/\\]/.test(file.path ?? '');
    const visit = (parent: { children: RootContent[] }): void => {
      parent.children = parent.children.map((child) => {
        if (child.type !== 'element') return child;
        if (child.tagName !== 'table') {
          visit(child);
          return child;
        }
        const label = `${en ? 'Table' : '표'}: ${firstRowHeadings(child).join(', ')}`;
        const wrapper: Element = {
          type: 'element',
          tagName: 'div',
          properties: { className: ['table-scroll'], role: 'region', tabIndex: 0, ariaLabel: label.length > 100 ? `${label.slice(0, 99)}…` : label },
          children: [child],
        };
        return wrapper;
      });
    };
    visit(tree);
  };
}
