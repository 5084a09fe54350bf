import { ApiProperty } from '@nestjs/swagger';
import { IsNumber, Max, Min } from 'class-validator';

/** Arrivals as a multiple of the usual rate at which each level starts; each above the one before. */
export class SurgeThresholdsDto {
  @ApiProperty({ example: 1.5, minimum: 1.1, maximum: 100 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(1.1)
  @Max(100)
  elevated: number;

  @ApiProperty({ example: 3, minimum: 1.1, maximum: 100 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(1.1)
  @Max(100)
  surge: number;

  @ApiProperty({ example: 6, minimum: 1.1, maximum: 100 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(1.1)
  @Max(100)
  critical: number;
}
