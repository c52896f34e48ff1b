/** @module A location the console does not know: said so, with the way home, instead of quietly showing Home. */
import Box from "@cloudscape-design/components/box";
import Container from "@cloudscape-design/components/container";
import Header from "@cloudscape-design/components/header";
import Link from "@cloudscape-design/components/link";
import { href } from "../route.ts";

export function NotFoundPage({ location }: { location: string }) {
  return (
    <Container header={<Header variant="h1">Page not found</Header>}>
      <Box variant="p">
        The console has no page at <Box variant="code">{location}</Box>. <Link href={href("home")}>Go to the home page</Link>.
      </Box>
    </Container>
  );
}
