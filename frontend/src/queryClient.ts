import { QueryClient } from "@tanstack/react-query";
import { ApiError } from "./api/errors";

/** Retries only what may pass on its own (network, 5xx, 429); a 4xx answer will not change by asking again. */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        refetchOnWindowFocus: true,
        retry: (failures, error) => {
          if (error instanceof ApiError && error.status >= 400 && error.status < 500 && error.status !== 429) {
            return false;
          }
          return failures < 2;
        },
      },
      mutations: { retry: false },
    },
  });
}
