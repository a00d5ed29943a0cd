import { Skeleton, Table, Text } from "@mantine/core";
import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { ErrorNotice } from "../pages/doctor/ui";

/**
 * A list the portals read with one query, as a table: a skeleton while it loads, the reason (with a retry) when it
 * cannot be read, a sentence when it is empty, else the header row and one row per item. Wide tables scroll
 * sideways on a phone from `minWidth`.
 */
export function QueryTable<T>({
  query,
  headers,
  row,
  empty,
  minWidth,
  loadingHeight = 120,
}: {
  query: UseQueryResult<{ items: T[] }>;
  headers: ReactNode[];
  row: (item: T) => ReactNode;
  empty: string;
  minWidth: number;
  loadingHeight?: number;
}) {
  if (query.isPending) return <Skeleton h={loadingHeight} />;
  if (query.isError) return <ErrorNotice error={query.error} onRetry={() => void query.refetch()} />;
  if (query.data.items.length === 0) return <Text c="dimmed">{empty}</Text>;
  return (
    <Table.ScrollContainer minWidth={minWidth}>
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            {headers.map((header, index) => (
              <Table.Th key={index}>{header}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>{query.data.items.map(row)}</Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
