import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { billingApi } from "../api/billing";
import { planPrice } from "../pages/admin/planText";
import { renderWithProviders } from "../test/render";
import { RaiseDisputeButton } from "./RaiseDisputeButton";

describe("raising a dispute", () => {
  afterEach(() => vi.restoreAllMocks());

  it("is offered only once the appointment is over", () => {
    const { unmount } = renderWithProviders(<RaiseDisputeButton appointmentId="a1" status="SCHEDULED" />);
    expect(screen.queryByRole("button", { name: "Raise a dispute" })).toBeNull();
    unmount();
    renderWithProviders(<RaiseDisputeButton appointmentId="a1" status="NO_SHOW" />);
    expect(screen.getByRole("button", { name: "Raise a dispute" })).toBeInTheDocument();
  });

  it("sends the kind and the reason, a contested no-show by default", async () => {
    const raise = vi.spyOn(billingApi, "raiseDispute").mockResolvedValue({} as never);
    renderWithProviders(<RaiseDisputeButton appointmentId="a1" status="NO_SHOW" />);

    await userEvent.click(screen.getByRole("button", { name: "Raise a dispute" }));
    await userEvent.type(await screen.findByLabelText(/Reason/), "I was there at ten.");
    await userEvent.click(screen.getByRole("button", { name: "Send" }));

    expect(raise).toHaveBeenCalledWith("a1", "no_show_contested", "I was there at ten.");
  });
});

describe("a plan's price", () => {
  it("reads the decimal string as money per interval", () => {
    expect(planPrice({ price: { amount: "29.00", currency: "EUR" }, interval: "month" })).toMatch(/29[.,]00.*\/ month/);
  });
});
