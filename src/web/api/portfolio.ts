// Queries and mutations for the product portfolio: products, versions, SBOM upload, SBOMs and their components.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError, api, seg, uploadRaw } from './client.ts';
import type {
  ComponentPage,
  ComponentSort,
  CreateProductBody,
  CreateVersionBody,
  Product,
  ProductList,
  SbomDetail,
  UpdateProductBody,
} from './types.ts';

/** Query key prefix of everything in the portfolio (products, SBOMs, findings). */
export const portfolioKey = ['portfolio'] as const;
const productsKey = [...portfolioKey, 'products'] as const;
const sbomsKey = [...portfolioKey, 'sboms'] as const;

/** GET /products: my organisation's products and the members-visible and public ones of others. */
export function useProducts() {
  return useQuery({ queryKey: [...productsKey, 'list'], queryFn: () => api.get<ProductList>('/products') });
}

/** GET /products/{id}: one product with its versions. */
export function useProduct(id: string) {
  return useQuery({ queryKey: [...productsKey, 'one', id], queryFn: () => api.get<Product>(`/products/${seg(id)}`) });
}

/** POST /products. */
export function useCreateProduct() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateProductBody) => api.post<Product>('/products', body),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: productsKey }),
  });
}

/** PATCH /products/{id}. */
export function useUpdateProduct(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateProductBody) => api.patch<Product>(`/products/${seg(id)}`, body),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: productsKey }),
  });
}

/** POST /products/{id}/versions. */
export function useCreateVersion(productId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateVersionBody) => api.post<Product>(`/products/${seg(productId)}/versions`, body),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: productsKey }),
  });
}

/** The server's limit on one SBOM file (256 MiB). */
export const MAX_SBOM_BYTES = 256 * 1024 * 1024;

/** PUT /product-versions/{id}/sbom?fileName=: the file as the raw body, with upload progress (0..1). */
export function useUploadSbom(versionId: string) {
  const queryClient = useQueryClient();
  const [progress, setProgress] = useState<number | null>(null);
  const mutation = useMutation({
    mutationFn: async (file: File) => {
      if (file.size > MAX_SBOM_BYTES) {
        throw new ApiError(413, 'too_large', `${file.name} is larger than 256 MiB, the most an SBOM file may be.`);
      }
      if (file.size === 0) throw new ApiError(422, 'sbom_invalid', `${file.name} is empty.`);
      setProgress(0);
      return uploadRaw<SbomDetail>('PUT', `/product-versions/${seg(versionId)}/sbom`, { fileName: file.name }, file, setProgress);
    },
    onSettled: () => setProgress(null),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: portfolioKey }),
  });
  return { ...mutation, progress };
}

/** GET /sboms/{id}: metadata, the NTIA report and finding counts. */
export function useSbom(id: string) {
  return useQuery({ queryKey: [...sbomsKey, 'one', id], queryFn: () => api.get<SbomDetail>(`/sboms/${seg(id)}`) });
}

/** What the components table asks for: paged, sorted and filtered in the database. */
export interface ComponentFilters {
  limit: number;
  offset: number;
  sort: ComponentSort;
  q: string;
  incomplete: boolean;
}

/** GET /sboms/{id}/components; the previous page stays on screen while the next one loads. */
export function useSbomComponents(id: string, filters: ComponentFilters) {
  return useQuery({
    queryKey: [...sbomsKey, 'components', id, filters],
    queryFn: () =>
      api.get<ComponentPage>(`/sboms/${seg(id)}/components`, {
        limit: filters.limit,
        offset: filters.offset,
        sort: filters.sort,
        q: filters.q.trim() || undefined,
        incomplete: filters.incomplete ? 'true' : undefined,
      }),
    placeholderData: keepPreviousData,
  });
}
