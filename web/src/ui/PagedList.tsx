import { Button, Group, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * A titled list read a page at a time: its count beside the title, a sentence when it is empty, and
 * "show more" while the server has a next page. The rows are the caller's (`<li>` elements).
 */
export function PagedList({
  id,
  title,
  count,
  empty,
  more,
  children,
}: {
  /** The heading's id, which names the section for screen readers. */
  id: string;
  title: string;
  count?: string;
  empty?: string;
  more?: { label: string; loading: boolean; onClick: () => void };
  children: ReactNode;
}) {
  return (
    <section aria-labelledby={id}>
      <Group gap="xs" mb="xs">
        <Title order={3} size="h4" id={id}>
          {title}
        </Title>
        {count && (
          <Text size="sm" c="gray.7">
            {count}
          </Text>
        )}
      </Group>
      {empty && (
        <Text size="sm" c="gray.7">
          {empty}
        </Text>
      )}
      <Stack gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {children}
      </Stack>
      {more && (
        <Button variant="light" mt="xs" loading={more.loading} onClick={more.onClick}>
          {more.label}
        </Button>
      )}
    </section>
  );
}
