import { Table } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { ApiError } from "../api/errors";
import { renderPage } from "../pages/doctor/testing";
import { QueryTable } from "./QueryTable";

type Row = { id: string; name: string };
let answers: Array<{ items: Row[] } | Error>;

function People() {
  const people = useQuery({
    queryKey: ["people"],
    queryFn: async () => {
      const next = answers.shift()!;
      if (next instanceof Error) throw next;
      return next;
    },
  });
  return (
    <QueryTable
      query={people}
      empty="Nobody yet."
      minWidth={300}
      headers={["Name", null]}
      row={(person) => (
        <Table.Tr key={person.id}>
          <Table.Td>{person.name}</Table.Td>
          <Table.Td />
        </Table.Tr>
      )}
    />
  );
}

describe("a list read with one query, as a table", () => {
  it("shows a row per item under its header", async () => {
    answers = [{ items: [{ id: "1", name: "Marco Rossi" }, { id: "2", name: "Lucía Fernández" }] }];
    renderPage(<People />);
    expect(await screen.findByRole("cell", { name: "Marco Rossi" })).toBeInTheDocument();
    expect(screen.getByRole("columnheader", { name: "Name" })).toBeInTheDocument();
    expect(screen.getAllByRole("row")).toHaveLength(3);
  });

  it("says so when the list is empty", async () => {
    answers = [{ items: [] }];
    renderPage(<People />);
    expect(await screen.findByText("Nobody yet.")).toBeInTheDocument();
    expect(screen.queryByRole("table")).not.toBeInTheDocument();
  });

  it("explains a failed read and reads again on retry", async () => {
    answers = [new ApiError(503, "HTTP_503", ""), { items: [{ id: "1", name: "Marco Rossi" }] }];
    renderPage(<People />);
    expect(await screen.findByText("Something went wrong on our side. Please try again in a moment.")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: /try again/i }));
    expect(await screen.findByRole("cell", { name: "Marco Rossi" })).toBeInTheDocument();
  });
});
