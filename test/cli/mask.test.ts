import { Masker } from "../../cli/mask";

describe("Masker", () => {
  test("hides a secret it was given, plain and URL-encoded, wherever it appears", () => {
    const masker = new Masker();
    masker.add("k3y/with+chars==");
    expect(masker.mask("key k3y/with+chars== and k3y%2Fwith%2Bchars%3D%3D end")).toBe("key *** and *** end");
  });

  test("hides the value of code= and sig= in any URL, even one it was not told about", () => {
    const masker = new Masker();
    expect(
      masker.mask(
        "POST https://relay.example/api/flows/a?code=abc123&x=1 and https://f.example/invoke?sv=1.0&sig=SIGVALUE",
      ),
    ).toBe("POST https://relay.example/api/flows/a?code=***&x=1 and https://f.example/invoke?sv=1.0&sig=***");
  });

  test("a masked query value ends where the URL does in prose: at ), ; or ,", () => {
    expect(
      new Masker().mask("failed (see https://r.example/x?code=k3y); retry, or https://r.example/y?code=k3y, then"),
    ).toBe("failed (see https://r.example/x?code=***); retry, or https://r.example/y?code=***, then");
  });

  test("hides a longer secret whole when a shorter one is part of it", () => {
    const masker = new Masker();
    masker.add("secret");
    masker.add("secret-and-more");
    expect(masker.mask("x secret-and-more y secret")).toBe("x *** y ***");
  });

  test("ignores values too short to be secrets, so ordinary words survive", () => {
    const masker = new Masker();
    masker.add("ab");
    masker.add(undefined);
    expect(masker.mask("ab cd")).toBe("ab cd");
  });
});
