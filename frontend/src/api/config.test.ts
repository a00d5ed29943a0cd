import { afterEach, describe, expect, it, vi } from "vitest";
import { loadConfig, setConfigForTests } from "./config";

function serving(body: unknown) {
  return vi.fn(async () => new Response(JSON.stringify(body), { status: 200 })) as unknown as typeof fetch;
}

describe("loadConfig", () => {
  afterEach(() => setConfigForTests(null));

  it("reads the stage's URLs once", async () => {
    const fetcher = serving({ stage: "local", apiUrl: "/api/", wsUrl: "ws://127.0.0.1:8405/ws" });
    expect(await loadConfig(fetcher)).toEqual({ stage: "local", apiUrl: "/api", wsUrl: "ws://127.0.0.1:8405/ws", currency: "EUR" });
    await loadConfig(fetcher);
    expect(fetcher).toHaveBeenCalledTimes(1);
  });

  it("has no live push when the stage says wsUrl is null, and the same host's /ws when it says nothing", async () => {
    expect((await loadConfig(serving({ stage: "prod", apiUrl: "https://api.example/prod", wsUrl: null }))).wsUrl).toBe("");
    setConfigForTests(null);
    expect((await loadConfig(serving({ apiUrl: "/api" }))).wsUrl).toBe(`ws://${window.location.host}/ws`);
  });

  it("tries again after a failed load", async () => {
    const failing = vi.fn(async () => new Response("nope", { status: 503 })) as unknown as typeof fetch;
    await expect(loadConfig(failing)).rejects.toThrow();
    expect((await loadConfig(serving({ stage: "dev", apiUrl: "/api", wsUrl: "" }))).stage).toBe("dev");
  });
});
