// The queue's filters: region and venue (when there is more than one), colour and state.
import type { JSX } from 'preact';
import type { VenueSummary } from '../../core/console-wire.js';
import { Select, type SelectOption } from '../../ui/components/Select.js';
import type { ConsoleTranslate } from '../i18n/index.js';
import type { ReportFilters } from '../models/reports.js';

/** The filter bar. */
export function Filters(props: {
  filters: ReportFilters;
  venues: readonly VenueSummary[];
  t: ConsoleTranslate;
  onChange(patch: Partial<ReportFilters>): void;
}): JSX.Element {
  const { filters: f, t } = props;
  const any = { value: '', label: t('reports.any') } as const;
  const regions = [...new Set(props.venues.map((v) => v.region))].sort();
  const venues = props.venues.filter((v) => !f.region || v.region === f.region);
  const options = <T extends string>(
    values: readonly T[],
    label: (v: T) => string,
  ): SelectOption<T | ''>[] => [any, ...values.map((value) => ({ value, label: label(value) }))];
  return (
    <fieldset class="filters">
      <legend class="visually-hidden">{t('reports.filters')}</legend>
      {regions.length > 1 && (
        <Select
          name="region"
          label={t('reports.filter.region')}
          value={f.region}
          options={options(regions, (r) => r)}
          onChange={(region) => props.onChange({ region, venue: '' })}
        />
      )}
      {props.venues.length > 1 && (
        <Select
          name="venue"
          label={t('reports.filter.venue')}
          value={f.venue}
          options={[any, ...venues.map((v) => ({ value: v.id, label: v.name }))]}
          onChange={(venue) => props.onChange({ venue })}
        />
      )}
      <Select
        name="colour"
        label={t('reports.filter.colour')}
        value={f.colour}
        options={options(['red', 'yellow'] as const, (c) => t(`reports.colour.${c}`))}
        onChange={(colour) => props.onChange({ colour })}
      />
      <Select
        name="state"
        label={t('reports.filter.state')}
        value={f.state}
        options={options(['new', 'acknowledged', 'closed'] as const, (s) => t(`reports.state.${s}`))}
        onChange={(state) => props.onChange({ state })}
      />
    </fieldset>
  );
}
