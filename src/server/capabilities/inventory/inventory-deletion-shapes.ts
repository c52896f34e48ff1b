/**
 * @module What DeleteInventory and DescribeInventoryDeletions share: the deletion id's shape and a deletion as the API
 * returns it.
 */
import { AwsString } from "../../core/validation/aws-shapes.ts";

export const Uuid = () => AwsString({ pattern: "[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}" });
