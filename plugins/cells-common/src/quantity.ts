const BINARY: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};
const DECIMAL: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};

/**
 * Parses a Kubernetes resource quantity (`250m`, `1.5`, `128Mi`, `1e3`, `2G`) into a number of base
 * units (cores, bytes). Throws on anything else.
 *
 * @public
 */
export function parseQuantity(quantity: string | number): number {
  if (typeof quantity === 'number') {
    return quantity;
  }
  const match = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)([a-zA-Z]{0,2})$/.exec(
    quantity.trim(),
  );
  if (!match) {
    throw new Error(`invalid quantity '${quantity}'`);
  }
  const [, number, suffix] = match;
  const factor = BINARY[suffix] ?? DECIMAL[suffix];
  if (factor === undefined) {
    throw new Error(`invalid quantity suffix in '${quantity}'`);
  }
  return Number(number) * factor;
}

/**
 * CPU quantity in millicores, rounded up like the Kubernetes scheduler does.
 *
 * @public
 */
export function cpuMillis(quantity: string | number | undefined): number {
  return quantity === undefined ? 0 : Math.ceil(parseQuantity(quantity) * 1000);
}

/**
 * Memory quantity in bytes.
 *
 * @public
 */
export function memoryBytes(quantity: string | number | undefined): number {
  return quantity === undefined ? 0 : Math.round(parseQuantity(quantity));
}
