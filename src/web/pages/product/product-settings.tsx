// Editing a product's details and visibility (people of the owning organisation who may write).
import { useUpdateProduct } from '../../api/portfolio.ts';
import type { Product } from '../../api/types.ts';
import { SuccessMessage } from '../../components/messages.tsx';
import { ProductForm } from '../../components/product-form.tsx';

/** A collapsed "Edit product" section with the product form. */
export function ProductSettings({ product }: { product: Product }) {
  const update = useUpdateProduct(product.id);
  return (
    <section className="panel" aria-labelledby="edit-product-title">
      <details>
        <summary>
          <h2 id="edit-product-title" className="summary-heading">
            Edit product details and visibility
          </h2>
        </summary>
        <div className="stack details-body">
          {update.isSuccess ? <SuccessMessage>Product saved.</SuccessMessage> : null}
          <ProductForm
            key={`${product.id}-${product.name}-${product.visibility}`}
            initial={{
              name: product.name,
              model: product.model ?? '',
              udiDi: product.udiDi ?? '',
              description: product.description,
              visibility: product.visibility,
            }}
            submitLabel="Save product"
            pending={update.isPending}
            error={update.error}
            onSubmit={(body) => update.mutate(body)}
          />
        </div>
      </details>
    </section>
  );
}
