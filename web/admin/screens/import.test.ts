import { describe, expect, it } from 'vitest';
import { EMPLOYEE_FIELDS } from '../../../core/import/employee-rows.js';
import { SITE_FIELDS } from '../../../core/import/sites.js';
import { UNIT_FIELDS } from '../../../core/import/units.js';
import { UNIT_KINDS } from '../../../core/model.js';
import { isAdminKey } from '../i18n.js';
import { IMPORT_KINDS, importKindOf, shapeWords } from './import.js';

describe('import wizard', () => {
  it('has a label in both languages for every field, kind and unit type it shows', () => {
    const keys = [
      ...EMPLOYEE_FIELDS.map((f) => `field_${f}`),
      ...UNIT_FIELDS.map((f) => `unitField_${f}`),
      // 'shape' is a changed field of a site, not a column.
      ...[...SITE_FIELDS, 'shape'].map((f) => `siteField_${f}`),
      ...UNIT_KINDS.map((k) => `unitKind_${k}`),
      ...IMPORT_KINDS.flatMap((k) => [
        `importKind_${k}`,
        `importTitle_${k}`,
        `importLead_${k}`,
        `importRequired_${k}`,
      ]),
    ];
    expect(keys.filter((k) => !isAdminKey(k))).toEqual([]);
  });

  it('takes the kind from the address, employees when it names none it knows', () => {
    expect(importKindOf(new URLSearchParams('kind=units'))).toBe('units');
    expect(importKindOf(new URLSearchParams('kind=sites'))).toBe('sites');
    expect(importKindOf(new URLSearchParams(''))).toBe('employees');
    expect(importKindOf(new URLSearchParams('kind=leave'))).toBe('employees');
  });

  it("names a site's area in words", () => {
    expect(shapeWords('id', 'circle -6.85,107.92 r 120')).toBe('lingkaran radius 120 m');
    expect(shapeWords('en', 'polygon -6.85,107.92 -6.85,107.93 -6.86,107.93')).toBe('polygon of 3 points');
  });
});
