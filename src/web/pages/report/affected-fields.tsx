// "What is affected": manufacturer and product with suggestions from the member directory (choosing one sends its id,
// typing any name is always allowed) and the version.
import { useState } from 'react';
import { type DirectorySuggestion, useReportSuggestions } from '../../api/reports.ts';
import { useDebounced } from '../../lib/use-debounced.ts';
import { CheckedInput } from './report-fields.tsx';
import type { FieldKey, ReportForm } from './report-form-model.ts';
import { type SuggestionOption, SuggestionCombobox } from './suggestion-combobox.tsx';

type Patch = (patch: Partial<ReportForm>) => void;

const productCount = (n: number) => (n === 0 ? 'ISAO member' : `ISAO member · ${n} product${n === 1 ? '' : 's'} listed`);

export function AffectedFields({
  form,
  patch,
  problems,
  touch,
}: {
  form: ReportForm;
  patch: Patch;
  problems: Partial<Record<FieldKey, string>>;
  touch: (key: FieldKey) => void;
}) {
  // The chosen manufacturer, with its public products (offered in the product field).
  const [vendor, setVendor] = useState<DirectorySuggestion | null>(null);
  const vendorText = useDebounced(form.vendorName, 250);
  const productText = useDebounced(form.productName, 250);
  const vendorSuggestions = useReportSuggestions(form.vendorOrgId ? '' : vendorText);
  const productSuggestions = useReportSuggestions(form.vendorOrgId ? '' : productText);

  const vendorOptions: SuggestionOption[] = (vendorSuggestions.data?.items ?? []).map((org) => ({
    key: org.orgId,
    label: org.orgName,
    detail: productCount(org.products.length),
  }));
  const typedProduct = form.productName.trim().toLowerCase();
  const productOptions: SuggestionOption[] =
    form.vendorOrgId && vendor
      ? vendor.products
          .filter((p) => typedProduct === '' || p.name.toLowerCase().includes(typedProduct))
          .map((p) => ({ key: `${vendor.orgId}/${p.id}`, label: p.name, detail: `by ${vendor.orgName}` }))
      : (productSuggestions.data?.items ?? []).flatMap((org) =>
          org.products
            .filter((p) => p.name.toLowerCase().includes(typedProduct))
            .map((p) => ({ key: `${org.orgId}/${p.id}`, label: p.name, detail: `by ${org.orgName}` })),
        );

  const allOrgs = [...(vendorSuggestions.data?.items ?? []), ...(productSuggestions.data?.items ?? [])];
  const pickVendor = (option: SuggestionOption) => {
    const org = allOrgs.find((o) => o.orgId === option.key);
    if (!org) return;
    setVendor(org);
    const keepProduct = form.productId !== null && org.products.some((p) => p.id === form.productId);
    patch({ vendorName: org.orgName, vendorOrgId: org.orgId, productId: keepProduct ? form.productId : null });
  };
  const pickProduct = (option: SuggestionOption) => {
    const [orgId, productId] = option.key.split('/');
    const org = form.vendorOrgId && vendor ? vendor : allOrgs.find((o) => o.orgId === orgId);
    const product = org?.products.find((p) => p.id === productId);
    if (!org || !product) return;
    setVendor(org);
    patch({ vendorName: org.orgName, vendorOrgId: org.orgId, productName: product.name, productId: product.id });
  };

  return (
    <fieldset>
      <legend>What is affected</legend>
      <SuggestionCombobox
        label="Manufacturer"
        name="vendorName"
        required
        maxLength={200}
        value={form.vendorName}
        options={form.vendorOrgId ? [] : vendorOptions}
        loading={vendorSuggestions.isFetching}
        onType={(text) => patch({ vendorName: text, vendorOrgId: null, productId: null })}
        onPick={pickVendor}
        onBlur={() => touch('vendorName')}
        error={problems.vendorName}
        hint={
          form.vendorOrgId
            ? '✓ A member of the ISAO: the coordinators can reach this manufacturer directly.'
            : 'Type two letters to see the manufacturers of the ISAO’s member directory, or write any name.'
        }
      />
      <div className="field-row">
        <SuggestionCombobox
          label="Product"
          name="productName"
          required
          maxLength={200}
          value={form.productName}
          options={form.productId ? [] : productOptions}
          loading={!form.vendorOrgId && productSuggestions.isFetching}
          onType={(text) => patch({ productName: text, productId: null })}
          onPick={pickProduct}
          onBlur={() => touch('productName')}
          error={problems.productName}
          hint={form.productId ? '✓ Listed in the member directory.' : 'The device, software or service, as the manufacturer names it.'}
        />
        <CheckedInput
          label="Version (if known)"
          name="productVersion"
          maxLength={100}
          autoComplete="off"
          value={form.productVersion}
          onChange={(e) => patch({ productVersion: e.target.value })}
          onBlur={() => touch('productVersion')}
          error={problems.productVersion}
          hint="Firmware or software version, model number."
        />
      </div>
    </fieldset>
  );
}
