import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  MAX_CONTRIBUTION_BOUND,
  MAX_DIMENSIONS,
  MIN_K,
  STATISTICS_DIMENSIONS,
  STATISTICS_MEASURES,
  type StatisticsDimension,
  type StatisticsMeasure,
  type StatisticsReport,
} from '@tuki/contracts';

const PERIOD = /^\d{4}-(W\d{2}|\d{2})$/;

export class StatisticsQueryDto {
  @ApiProperty({ example: '2026-03', description: 'first period, in the helpline grain: 2026-W10 or 2026-03' })
  @IsString()
  @Matches(PERIOD, { message: 'from must be an ISO week such as 2026-W10 or a month such as 2026-03' })
  from: string;

  @ApiProperty({ example: '2026-05', description: 'last period, included' })
  @IsString()
  @Matches(PERIOD, { message: 'to must be an ISO week such as 2026-W22 or a month such as 2026-05' })
  to: string;

  @ApiProperty({ enum: STATISTICS_DIMENSIONS, isArray: true, maxItems: MAX_DIMENSIONS })
  @IsArray()
  @ArrayMaxSize(MAX_DIMENSIONS, { message: `dimensions: at most ${MAX_DIMENSIONS}` })
  @ArrayUnique({ message: 'dimensions: each at most once' })
  @IsIn(STATISTICS_DIMENSIONS, { each: true, message: `dimensions must be among ${STATISTICS_DIMENSIONS.join(', ')}` })
  dimensions: StatisticsDimension[];

  @ApiPropertyOptional({ enum: STATISTICS_MEASURES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(STATISTICS_MEASURES, { each: true, message: `measures must be among ${STATISTICS_MEASURES.join(', ')}` })
  measures?: StatisticsMeasure[];

  @ApiPropertyOptional({ minimum: MIN_K, description: 'smallest cell published, in distinct callers' })
  @IsOptional()
  @IsInt()
  @Min(MIN_K, { message: `k must be at least ${MIN_K}` })
  @Max(1000)
  k?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_CONTRIBUTION_BOUND })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_CONTRIBUTION_BOUND, { message: `contributionBound must be at most ${MAX_CONTRIBUTION_BOUND}` })
  contributionBound?: number;

  @ApiPropertyOptional({ minimum: 0.05, maximum: 10, description: 'differential privacy per period and measure' })
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 3 }, { message: 'epsilon must be a number with at most 3 decimals' })
  @Min(0.05, { message: 'epsilon must be at least 0.05' })
  @Max(10, { message: 'epsilon must be at most 10' })
  epsilon?: number;
}

export class CreateStatisticsExportDto {
  @ApiPropertyOptional({ enum: ['custom', 'chi'], default: 'custom' })
  @IsOptional()
  @IsIn(['custom', 'chi'], { message: 'report must be custom or chi' })
  report?: StatisticsReport;

  @ApiProperty({ type: StatisticsQueryDto })
  @IsObject({ message: 'query is required: an object with from, to and dimensions' })
  @ValidateNested()
  @Type(() => StatisticsQueryDto)
  query: StatisticsQueryDto;
}
