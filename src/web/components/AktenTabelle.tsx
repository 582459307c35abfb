import type { AkteKurz } from "../api/types";
import { formatDatum, STATUS_TEXT } from "../format";
import { Link } from "../router";
import { Badge, Tabellenrahmen } from "./ui";

/** Akten as a table; `kompakt` shows only Aktenzeichen and Betreff (for narrow columns). */
export function AktenTabelle({
  akten,
  beschriftung,
  kompakt = false,
}: {
  akten: AkteKurz[];
  beschriftung: string;
  kompakt?: boolean;
}) {
  return (
    <Tabellenrahmen beschriftung={beschriftung}>
      <table className="kern-table kern-table--striped">
        <caption className="kern-sr-only">{beschriftung}</caption>
        <thead className="kern-table__header">
          <tr className="kern-table__row">
            <th scope="col" className="kern-table__header">
              Aktenzeichen
            </th>
            <th scope="col" className="kern-table__header">
              Betreff
            </th>
            {!kompakt && (
              <th scope="col" className="kern-table__header">
                Federführung
              </th>
            )}
            {!kompakt && (
              <th scope="col" className="kern-table__header">
                Status
              </th>
            )}
            {!kompakt && (
              <th scope="col" className="kern-table__header">
                Angelegt
              </th>
            )}
          </tr>
        </thead>
        <tbody className="kern-table__body">
          {akten.map((a) => (
            <tr key={a.id} className="kern-table__row">
              <td className="kern-table__cell">
                <Link href={`/akten/${a.id}`}>{a.aktenzeichen}</Link>
              </td>
              <td className="kern-table__cell">
                {a.betreff} {a.zugriffsbeschraenkt && <Badge art="warning">beschränkt</Badge>}
              </td>
              {!kompakt && <td className="kern-table__cell">{a.federfuehrendeOe.name}</td>}
              {!kompakt && <td className="kern-table__cell">{STATUS_TEXT[a.status]}</td>}
              {!kompakt && <td className="kern-table__cell">{formatDatum(a.erstelltAm)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </Tabellenrahmen>
  );
}
