import { Button, Group, TextInput } from "@mantine/core";
import { useState } from "react";

interface Props {
  label: string;
  placeholder: string;
  submitLabel: string;
  /** Called with the trimmed city when the form is sent (empty: any city). */
  onSearch(city: string): void;
}

/** A city field with its button: how clinics are looked up, by the admin and by a doctor choosing theirs. */
export function CityFilter({ label, placeholder, submitLabel, onSearch }: Props) {
  const [city, setCity] = useState("");
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        onSearch(city.trim());
      }}
    >
      <Group align="flex-end" gap="xs">
        <TextInput label={label} placeholder={placeholder} value={city} onChange={(e) => setCity(e.currentTarget.value)} />
        <Button type="submit" variant="default">
          {submitLabel}
        </Button>
      </Group>
    </form>
  );
}
