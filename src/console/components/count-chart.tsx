/**
 * @module A count chart for the home page: a donut or bars of how many items fall in each category, with every category
 * also listed as a link to the filtered list (the chart for the eye, the links for the keyboard and screen readers).
 */
import BarChart from "@cloudscape-design/components/bar-chart";
import Box from "@cloudscape-design/components/box";
import ColumnLayout from "@cloudscape-design/components/column-layout";
import Link from "@cloudscape-design/components/link";
import PieChart from "@cloudscape-design/components/pie-chart";
import SpaceBetween from "@cloudscape-design/components/space-between";

export interface Count {
  label: string;
  count: number;
  /** Where the category's items are listed. */
  href: string;
}

export function CountChart({ counts, kind, noun, empty }: { counts: Count[]; kind: "donut" | "bars"; noun: string; empty: string }) {
  const total = counts.reduce((sum, c) => sum + c.count, 0);
  // Categories with nothing in them stay in the list of links, but a chart of nothing but zeros is its empty state.
  const drawn = counts.filter((c) => c.count > 0);
  const emptyState = (
    <Box textAlign="center" color="inherit">
      <b>{empty}</b>
    </Box>
  );
  const chart =
    kind === "donut" ? (
      <PieChart
        data={drawn.map((c) => ({ title: c.label, value: c.count }))}
        variant="donut"
        size="small"
        hideFilter
        hideLegend
        // Each category is named beside the chart (a link with its count); labels around a small donut were cut off.
        hideTitles
        hideDescriptions
        innerMetricValue={String(total)}
        innerMetricDescription={noun}
        ariaLabel={`${noun} by category`}
        detailPopoverFooter={(segment) => <Link href={counts.find((c) => c.label === segment.title)?.href ?? "#"}>View {noun}</Link>}
        empty={emptyState}
      />
    ) : (
      <BarChart
        series={drawn.length > 0 ? [{ title: noun, type: "bar", data: drawn.map((c) => ({ x: c.label, y: c.count })) }] : []}
        xScaleType="categorical"
        horizontalBars
        hideFilter
        hideLegend
        height={Math.max(80, drawn.length * 28)}
        // Counts are whole: no tick at 0.5.
        yTickFormatter={(y) => (Number.isInteger(y) ? String(y) : "")}
        ariaLabel={`${noun} by category`}
        empty={emptyState}
      />
    );
  return (
    <ColumnLayout columns={2} variant="text-grid">
      {chart}
      <SpaceBetween size="xxs">
        {counts.map((c) => (
          <Box key={c.label}>
            <Link href={c.href} ariaLabel={`${c.count} ${noun}: ${c.label}`}>
              {c.label}
            </Link>{" "}
            <Box variant="span" color="text-body-secondary">
              {c.count}
            </Box>
          </Box>
        ))}
      </SpaceBetween>
    </ColumnLayout>
  );
}
