// Opening hours in a helpline's own time zone: pure rules over epoch milliseconds, no clock of their own.
export {
  CALENDAR_HORIZON_DAYS,
  WEEKDAYS,
  addOpenTime,
  isOpenAt,
  nextCloseAt,
  nextOpenAt,
  type OpeningCalendar,
  type OpeningRange,
  type Weekday,
} from './opening-calendar';
export {
  MAX_CLOSURES,
  MAX_CLOSURE_REASON_LENGTH,
  MAX_RANGES_PER_DAY,
  validateOpeningCalendar,
} from './opening-calendar-validation';
export { isValidTimeZone, localTimeOn, parseWallClock } from './wall-clock';
