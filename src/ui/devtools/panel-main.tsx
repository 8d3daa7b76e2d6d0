import { mount } from '../components/mount';
import { Panel } from './Panel';
import './panel.css';

const tabId = Number(new URLSearchParams(location.search).get('tabId'));
mount(<Panel tabId={Number.isInteger(tabId) ? tabId : null} />, 'panelTitle');
