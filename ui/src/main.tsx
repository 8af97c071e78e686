import { render } from "preact";
import { App } from "./App";
import { WallScreen } from "./screens/WallScreen";
import "./styles.css";

const root = document.getElementById("app");
// The wall screen is the same UI at its own route, in the window Rust opens for the projector.
if (root) render(location.hash === "#wall" ? <WallScreen /> : <App />, root);
