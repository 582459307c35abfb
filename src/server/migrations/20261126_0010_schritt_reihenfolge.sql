-- Steps of one Stufe keep the order they were given in (the route as written, the Verfügung's points).
ALTER TABLE schritt ADD COLUMN reihenfolge bigserial;
