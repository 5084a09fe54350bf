export { formatPlanTable, hourLabel } from './plan-table';
export { renderPlanHtml } from './plan-html';
export { lineChartSvg, escapeXml, niceCeiling, type LineChart, type ChartSeries } from './svg-chart';
