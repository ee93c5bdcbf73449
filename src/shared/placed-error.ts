/** An error in input data that names where it is (a JSON path like "components[3].version", "line 42", a file). */
export class PlacedError extends Error {
  readonly place: string | undefined;
  constructor(message: string, place?: string) {
    super(place ? `${message} (at ${place})` : message);
    this.name = new.target.name;
    this.place = place;
  }
}
